package io.hatchet4j.workflow;

import io.hatchet4j.TriggerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The context of a durable task: a {@link TaskContext} that can wait for time and events in a way
 * that survives worker restarts.
 *
 * <p>The engine stores each wait. When the worker running the task stops mid-wait, the engine gives
 * the task to another worker, the task runs again from the start, and each wait it reaches again
 * resumes the stored one: a sleep ends when it would have ended, an event already received is
 * returned at once.
 *
 * <p>Waits block the calling thread and are interruptible: a cancelled run's wait throws {@link
 * InterruptedException}. Make one durable call (wait, memo, child) at a time per task.
 */
public interface DurableContext extends TaskContext {

  /** Sleeps durably for {@code duration} (whole seconds). */
  WaitResult sleepFor(Duration duration) throws InterruptedException;

  /**
   * Waits until every one of {@code conditions} holds; {@link Condition#anyOf} groups hold when one
   * member does.
   */
  WaitResult waitFor(Condition... conditions) throws InterruptedException;

  /** Waits for an event with {@code eventKey} and returns its payload as {@code payloadType}. */
  <P> P waitForEvent(String eventKey, Class<P> payloadType) throws InterruptedException;

  /**
   * Sleeps durably until {@code wakeAt}. The time it counts from is {@link #now()}, memoized, so a
   * replay sleeps towards the same instant; a time already past returns at once. The sleep is
   * rounded up to whole seconds.
   */
  WaitResult sleepUntil(Instant wakeAt) throws InterruptedException;

  /**
   * The time when this task run first got here: memoized in the event log, so every replay of the
   * run sees the same instant (as Python's {@code aio_now} and TypeScript's {@code now}).
   */
  Instant now() throws InterruptedException;

  /**
   * The value {@code compute} gave the first time this task run reached this point, stored in the
   * engine's event log: a replay (after a worker restart, an eviction or a retry) gets it back as
   * {@code type} without calling {@code compute} again.
   *
   * <p>Like waits, memos are entries in the order the task makes them: a replay must make the same
   * memos, waits and durable children in the same order, with the same keys, or the engine fails the
   * task for non-determinism. {@code key} names the value within the task run (for example {@code
   * "order-total"}); the value must be writable as JSON with the client's object mapper. {@code
   * compute} runs on the calling thread; if it throws, nothing is stored and the exception
   * propagates.
   *
   * <pre>{@code
   * Quote quote = ctx.memo("quote", Quote.class, () -> pricing.quote(order));
   * }</pre>
   */
  <T> T memo(String key, Class<T> type, Supplier<? extends T> compute) throws InterruptedException;

  /**
   * Runs {@code workflow} as a child through the task's event log and waits for its result. A
   * replay of the task gets the same child run back (and its result at once if it has finished)
   * instead of starting another, and the task can move to another worker while it waits, as in any
   * durable wait. ({@link io.hatchet4j.Hatchet#run} and {@link #runChildNoWait} on the task's thread
   * spawn ordinary children, which a replay also finds again, by child index, but which it awaits
   * outside the log.)
   *
   * @throws io.hatchet4j.RunFailedException if the child fails
   */
  @Override
  <I, O> O runChild(Workflow<I, O> workflow, I input, TriggerOptions options);
}
