package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The task and run state machine, driven through the scheduler on a fake clock. */
class TaskMachineTest {
  private static final int CHAIN = 5000;
  /** Far less stack than a recursive walk over a {@link #CHAIN}-task chain needs. */
  private static final long SMALL_STACK = 256 * 1024;

  private final Harness h = new Harness();

  @Test
  void aChainRunsInOrderAndTheRunCompletes() {
    h.put(workflow("dag", List.of(task("a"), task("b", "a"), task("c", "a", "b"))));
    Harness.FakeWorker worker = h.worker(5, "a", "b", "c");
    String runId = h.trigger("dag");

    for (String name : List.of("a", "b", "c")) {
      assertThat(worker.starts()).hasSize(List.of("a", "b", "c").indexOf(name) + 1);
      assertThat(worker.lastStart().taskName()).isEqualTo(name);
      worker.complete(worker.lastStart(), "{\"done\":\"" + name + "\"}");
    }

    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void cancellingARunOfAChainOf5000TasksNeedsNoDeepStack() throws Exception {
    h.put(Harness.chain("long", CHAIN));
    String runId = h.trigger("long");

    List<String> cancelled = onSmallStack(() -> h.scheduler.cancel(TENANT, List.of(runId)));

    assertThat(cancelled).hasSize(CHAIN);
    RunView run = h.run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.tasks()).allMatch(t -> t.status() == TaskStatus.CANCELLED);
    assertThat(h.taskView(runId, "t0").error()).isEqualTo("the workflow run was cancelled");
    assertThat(h.taskView(runId, "t1").error()).isEqualTo("cancelled because its parent task 't0' did not complete");
  }

  @Test
  void cancellingTheFirstTaskOfAChainCancelsEveryTaskAfterIt() throws Exception {
    h.put(Harness.chain("long", CHAIN));
    String runId = h.trigger("long");
    String first = h.taskView(runId, "t0").id();

    List<String> cancelled = onSmallStack(() -> h.scheduler.cancel(TENANT, List.of(first)));

    assertThat(cancelled).hasSize(CHAIN);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(h.taskView(runId, "t4999").error())
        .isEqualTo("cancelled because its parent task 't4998' did not complete");
  }

  @Test
  void theScheduleTimeoutOfAChainOf5000TasksWithoutWorkerFailsTheRun() throws Exception {
    h.put(Harness.chain("long", CHAIN));
    String runId = h.trigger("long");

    h.advance(Duration.ofMinutes(4));
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.QUEUED);
    onSmallStack(() -> {
      h.advance(Duration.ofMinutes(1));
      return null;
    });

    RunView run = h.run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.taskView(runId, "t0").error()).contains("schedule timeout of 5m");
    assertThat(h.taskView(runId, "t1").error()).isEqualTo("cancelled because its parent task 't0' failed");
    assertThat(run.tasks().stream().filter(t -> t.status() == TaskStatus.CANCELLED)).hasSize(CHAIN - 1);
  }

  @Test
  void aFailedAttemptWaitsForItsBackoffThenRunsAgain() {
    h.put(workflow("retry", List.of(task("t", 2, 2.0, null))));
    Harness.FakeWorker worker = h.worker(1, "t");
    String runId = h.trigger("retry");

    worker.fail(worker.lastStart(), "boom");
    // factor^retries seconds: 2^1 after the first retry was counted.
    assertThat(h.taskView(runId, "t").status()).isEqualTo(TaskStatus.BACKOFF);
    h.advance(Duration.ofMillis(1999));
    assertThat(worker.starts()).hasSize(1);
    h.advance(Duration.ofMillis(1));
    assertThat(worker.starts()).hasSize(2);
    assertThat(worker.lastStart().retryCount()).isEqualTo(1);

    worker.fail(worker.lastStart(), "boom again");
    h.advance(Duration.ofSeconds(4));
    assertThat(worker.starts()).hasSize(3);
    worker.fail(worker.lastStart(), "and again");

    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.taskView(runId, "t").error()).isEqualTo("and again");
  }

  @Test
  void anAttemptPastItsExecutionTimeoutIsCancelledOnItsWorkerAndFails() {
    h.put(workflow("slow", List.of(task("t", 0, null, "10s"))));
    Harness.FakeWorker worker = h.worker(1, "t");
    String runId = h.trigger("slow");
    WorkerAction start = worker.lastStart();

    h.advance(Duration.ofSeconds(5));
    h.scheduler.refreshTimeout(TENANT, start.taskRunId(), Duration.ofSeconds(10));
    h.advance(Duration.ofSeconds(10));
    assertThat(worker.cancels()).isEmpty();
    h.advance(Duration.ofSeconds(5));

    assertThat(worker.cancels()).hasSize(1);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.taskView(runId, "t").error()).isEqualTo("task exceeded its execution timeout of 10s");
    // A late report of the old attempt changes nothing.
    worker.complete(start, "{}");
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void replayingATaskRunsItAndEveryTaskAfterItAgain() {
    // Defined children first: replay follows the dependencies, not the definition order.
    h.put(workflow("dag", List.of(task("c", "b"), task("b", "a"), task("a"), task("side"))));
    Harness.FakeWorker worker = h.worker(5, "a", "b", "c", "side");
    String runId = h.trigger("dag");
    for (int done = 0; done < worker.starts().size(); done++) {
      worker.complete(worker.starts().get(done), "{}");
    }
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);

    List<String> replayed = h.scheduler.replay(TENANT, List.of(h.taskView(runId, "b").id()));

    assertThat(replayed).containsExactlyInAnyOrder(h.taskView(runId, "b").id(), h.taskView(runId, "c").id());
    assertThat(h.taskView(runId, "side").status()).isEqualTo(TaskStatus.COMPLETED);
  }

  /** Runs {@code body} on a thread with a small stack and returns its result or rethrows its error. */
  private static <T> T onSmallStack(java.util.concurrent.Callable<T> body) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        result.set(body.call());
      } catch (Throwable e) {
        error.set(e);
      }
    }, "small-stack", SMALL_STACK);
    thread.start();
    thread.join();
    if (error.get() instanceof Exception e) {
      throw e;
    }
    if (error.get() != null) {
      throw new AssertionError(error.get());
    }
    return result.get();
  }
}
