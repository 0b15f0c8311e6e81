package io.hatchet4j.testing;

import static io.hatchet4j.testing.TestWorkflows.UPPER;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunStatus;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.testing.TestWorkflows.Name;
import io.hatchet4j.testing.TestWorkflows.Upper;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Engine timers under virtual time. Each test waits for hours or days of engine time, so each
 * would time out if the engine's timers kept to the wall clock.
 */
@HatchetTest(virtualTime = true)
class VirtualTimeTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aScheduleAnHourAheadFiresWhenTimeGetsThereAndNotBefore(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
    env.startWorker(UPPER);
    Instant at = env.now().plus(HOUR);
    hatchet.schedule(UPPER, at, new Name("ada"));

    env.advance(HOUR.minusMillis(1));
    assertThat(runs.list()).as("runs a millisecond before the schedule").isEmpty();

    env.advance(Duration.ofMillis(1));
    List<RunInfo> fired = runs.list();
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).createdAt()).as("stamped with engine time").isEqualTo(at);
    assertThat(runs.await(fired.get(0).id(), RunStatus.COMPLETED).task("upper").orElseThrow().output())
        .hasValueSatisfying(o -> assertThat(o).contains("ADA"));
  }

  @Test
  void aCronFiresOncePerTickAsTimeMoves(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
    env.startWorker(UPPER);
    hatchet.crons().create(UPPER, "hourly", "0 * * * *", new Name("tick"), TriggerOptions.defaults());
    Instant nextHour = env.now().truncatedTo(ChronoUnit.HOURS).plus(HOUR);

    env.advanceTo(nextHour.minusMillis(1));
    assertThat(runs.list()).isEmpty();
    env.advanceTo(nextHour);
    List<RunInfo> first = runs.list();
    assertThat(first).extracting(RunInfo::createdAt).containsExactly(nextHour);
    // The worker runs the task in real time; let it finish before moving past its execution timeout.
    runs.await(first.get(0).id(), RunStatus.COMPLETED);

    env.advance(HOUR);
    assertThat(runs.awaitAll(run -> run.status().equals("COMPLETED"), Runs.DEFAULT_TIMEOUT))
        .extracting(RunInfo::createdAt)
        .containsExactly(nextHour.plus(HOUR), nextHour);
    env.advance(HOUR.minusMillis(1));
    assertThat(runs.list()).hasSize(2);
  }

  @Test
  void aRetryWaitsOutItsBackoff(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
    // Not a minute: that is the default execution timeout, whose timer awaitTimer would see first.
    Duration backoff = Duration.ofSeconds(90);
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    Workflow<Name, Upper> flaky = Workflow.standalone(
        Task.builder("flaky", Name.class, Upper.class)
            .setRetries(1)
            .setBackoff(90, 3600) // 90^1 seconds before the first retry (the factor is at most 1000)
            .setHandler((name, ctx) -> {
              attempts.add(env.now());
              if (attempts.size() == 1) {
                throw new IllegalStateException("first attempt fails");
              }
              return new Upper(name.value());
            })
            .build());
    env.startWorker(flaky);
    Instant start = env.now();
    String runId = hatchet.runNoWait(flaky, new Name("bo")).runId();
    env.awaitTimer(start.plus(backoff)); // the failure reached the engine, which set the backoff

    env.advance(backoff.minusSeconds(1));
    RunInfo.TaskInfo waiting = runs.get(runId).orElseThrow().task("flaky").orElseThrow();
    assertThat(waiting.status()).as("waiting out the backoff").isEqualTo("QUEUED");
    assertThat(waiting.attempts()).isEqualTo(1);

    env.advance(Duration.ofSeconds(1));
    assertThat(runs.await(runId, RunStatus.COMPLETED).task("flaky").orElseThrow().attempts()).isEqualTo(2);
    assertThat(attempts).containsExactly(start, start.plus(backoff));
  }

  @Test
  void anExecutionTimeoutCancelsTheTaskWhenItsTimeComes(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    Workflow<Name, Upper> slow = Workflow.standalone(
        Task.builder("slow", Name.class, Upper.class)
            .setExecutionTimeout(HOUR)
            .setHandler((name, ctx) -> {
              started.countDown();
              try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                cancelled.countDown();
                throw e;
              }
              return new Upper("not cancelled");
            })
            .build());
    env.startWorker(slow);
    Instant start = env.now();
    String runId = hatchet.runNoWait(slow, new Name("cy")).runId();
    env.awaitTimer(start.plus(HOUR)); // assigned: the timeout runs from here
    // A cancel that reaches the worker before the handler starts skips the handler, so the
    // interrupt below is only observable once the handler runs.
    assertThat(awaitQuietly(started)).as("the handler started").isTrue();

    env.advance(Duration.ofMinutes(59));
    assertThat(runs.get(runId).orElseThrow().status()).isEqualTo("RUNNING");

    env.advance(Duration.ofMinutes(1));
    assertThat(runs.get(runId).orElseThrow().status()).as("failed by the time the advance returns").isEqualTo("FAILED");
    assertThat(runs.await(runId, RunStatus.FAILED).task("slow").orElseThrow().error())
        .hasValueSatisfying(error -> assertThat(error).contains("execution timeout"));
    assertThat(awaitQuietly(cancelled)).as("the worker was told to cancel the task").isTrue();
  }

  @Test
  void aDurableTaskSleepsForADay(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
    Workflow<Name, Upper> nap = Workflow.standalone(
        Task.builder("nap", Name.class, Upper.class)
            .setExecutionTimeout(Duration.ofDays(2)) // the sleep counts against the attempt's time
            .setDurableHandler((name, ctx) -> {
              ctx.sleepFor(Duration.ofDays(1));
              return new Upper("woke at " + env.now());
            })
            .build());
    env.startWorker(nap);
    Instant start = env.now();
    String runId = hatchet.runNoWait(nap, new Name("di")).runId();
    env.awaitTimer(start.plus(Duration.ofDays(1)));

    env.advance(Duration.ofHours(23));
    assertThat(runs.get(runId).orElseThrow().status()).isEqualTo("RUNNING");

    env.advance(HOUR);
    assertThat(runs.await(runId, RunStatus.COMPLETED).task("nap").orElseThrow().output())
        .hasValueSatisfying(o -> assertThat(o).contains("woke at " + start.plus(Duration.ofDays(1))));
  }

  @Test
  void timeStandsStillUntilAdvanced(HatchetTestEnvironment env) {
    assertThat(env.virtualTime()).isTrue();
    Instant before = env.now();
    env.advance(Duration.ZERO);
    assertThat(env.now()).isEqualTo(before);
    env.advanceTo(before.plusSeconds(5));
    assertThat(env.now()).isEqualTo(before.plusSeconds(5));
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
