package io.hatchet4j.testing;

import io.hatchet4j.Hatchet;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.Tenant;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine of a {@link HatchetTest} class and the tenant of the current test.
 *
 * <p>Clients it creates are closed after the test. With {@link HatchetTest#virtualTime()} it also
 * moves the engine's time: {@link #now()}, {@link #advance(Duration)}, {@link #advanceTo(Instant)}
 * and {@link #awaitTimer(Instant)}.
 */
public interface HatchetTestEnvironment {

  /** The embedded engine serving the test class. */
  HatchetEngine engine();

  /** The tenant of the current test. */
  Tenant tenant();

  /**
   * The runs of the test's tenant.
   *
   * @since 0.1.0
   */
  Runs runs();

  /**
   * The spans of the test's runs.
   *
   * @since 0.1.0
   */
  Spans spans();

  /**
   * A new client of the test's tenant with these interceptors (for example an instrumentor
   * recording into an in-memory exporter); closed, with its workers, after the test.
   */
  Hatchet newClient(HatchetInterceptor... interceptors);

  /**
   * Starts a worker for {@code workflows} on the test's client, with enough slots for most tests;
   * it stops after the test.
   */
  Worker startWorker(Workflow<?, ?>... workflows);

  /** Starts a worker with these options for {@code workflows}; it stops after the test. */
  Worker startWorker(WorkerOptions options, Workflow<?, ?>... workflows);

  /**
   * Whether the engine runs on virtual time, as {@link HatchetTest#virtualTime()} asks.
   *
   * @since 0.1.0
   */
  boolean virtualTime();

  /**
   * The engine's current time: the virtual clock's with {@link #virtualTime()}, else the wall
   * clock's. Compute schedules and expectations from it.
   *
   * @since 0.1.0
   */
  Instant now();

  /**
   * Moves virtual time forward by {@code duration}: fires every engine timer that falls due on
   * the way, in order, each at its own time, and returns once the engine has acted on them
   * (created the scheduled runs, queued the retries, cancelled the timed-out tasks, ended the
   * sleeps, and sent what that sends to workers). Workers then run what they were sent in real
   * time: wait for the outcome with {@link Runs#await}. {@code advance(Duration.ZERO)} only waits
   * until the engine has acted on everything so far.
   *
   * @throws IllegalStateException without {@link #virtualTime()}
   * @throws IllegalArgumentException if {@code duration} is negative
   * @since 0.1.0
   */
  void advance(Duration duration);

  /**
   * Moves virtual time forward to {@code instant}, as {@link #advance(Duration)} does.
   *
   * @throws IllegalStateException without {@link #virtualTime()}
   * @throws IllegalArgumentException if {@code instant} is before {@link #now()}
   * @since 0.1.0
   */
  void advanceTo(Instant instant);

  /**
   * Waits (in real time, up to {@link Runs#DEFAULT_TIMEOUT}) until the engine has a timer set for
   * {@code at}. The engine reckons the timers it sets in answer to a worker (a durable sleep, the
   * backoff before a retry, an execution timeout) from the moment it hears about them; wait for
   * the timer before advancing, so that the advance covers it:
   *
   * <pre>{@code
   * Instant wakeUp = env.now().plus(Duration.ofDays(1));
   * String runId = hatchet.runNoWait(NAP, input).runId(); // a durable task: ctx.sleepFor(1 day)
   * env.awaitTimer(wakeUp);
   * env.advance(Duration.ofDays(1));
   * runs.await(runId, RunStatus.COMPLETED);
   * }</pre>
   *
   * <p>Any timer at {@code at} counts, whoever set it: pick an instant no other timer shares (a
   * task's schedule timeout, five minutes after it was queued by default, is one), or advance past
   * the timers an earlier test left before taking {@code now()}.
   *
   * @throws IllegalStateException without {@link #virtualTime()}
   * @throws AssertionError if no such timer is set in time, listing the pending ones
   * @since 0.1.0
   */
  void awaitTimer(Instant at);
}
