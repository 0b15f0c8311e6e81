package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timeouts, backoff and liveness on a fake clock. */
class TaskTimersTest {
  @Test
  void backoffIsTheFactorToThePowerOfTheRetryCappedByTheMaximum() {
    assertThat(TaskTimers.backoff(taskWith(null, null, 3))).isEqualTo(Duration.ZERO);
    assertThat(TaskTimers.backoff(taskWith(2.0, null, 1))).isEqualTo(Duration.ofSeconds(2));
    assertThat(TaskTimers.backoff(taskWith(2.0, null, 3))).isEqualTo(Duration.ofSeconds(8));
    assertThat(TaskTimers.backoff(taskWith(2.0, 5, 3))).isEqualTo(Duration.ofSeconds(5));
    assertThat(TaskTimers.backoff(taskWith(1.5, null, 2))).isEqualTo(Duration.ofMillis(2250));
    // Absurd factors saturate instead of overflowing.
    assertThat(TaskTimers.backoff(taskWith(1e300, null, 5))).isPositive();
  }

  @Test
  void aScheduleTimeoutFiresOnlyForTheAttemptStillQueued() {
    FakeEffects effects = new FakeEffects();
    TaskState task = taskWith(null, null, 0);
    TaskTimers timers = new TaskTimers(effects, Harness.SETTINGS, id -> task);
    task.status = TaskStatus.QUEUED;
    StringBuilder expired = new StringBuilder();
    timers.armScheduleTimeout(task, (t, reason) -> expired.append(reason));
    task.retryCount++;
    timers.armScheduleTimeout(task, (t, reason) -> expired.append(reason));

    effects.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(expired).isEmpty();
    effects.advance(Duration.ofMillis(1));

    assertThat(expired.toString())
        .isEqualTo("task could not be assigned to a worker within its schedule timeout of 5m");
  }

  @Test
  void aScheduleTimeoutDoesNothingOnceTheTaskIsAssigned() {
    FakeEffects effects = new FakeEffects();
    TaskState task = taskWith(null, null, 0);
    TaskTimers timers = new TaskTimers(effects, Harness.SETTINGS, id -> task);
    task.status = TaskStatus.QUEUED;
    StringBuilder expired = new StringBuilder();
    timers.armScheduleTimeout(task, (t, reason) -> expired.append(reason));
    task.status = TaskStatus.ASSIGNED;

    effects.advance(Duration.ofHours(1));

    assertThat(expired).isEmpty();
    assertThat(effects.pendingTimers()).isZero();
  }

  @Test
  void aSilentWorkerIsLostAfterTheHeartbeatTimeoutCountedFromWhenItWasLastSeen() {
    Harness h = new Harness();
    h.put(workflow("one", List.of(task("t"))));
    Harness.FakeWorker worker = h.worker(1, "t");
    String runId = h.trigger("one");
    assertThat(worker.starts()).hasSize(1);
    Harness.FakeWorker other = h.worker(1, "t");

    h.scheduler.closeListener(worker.id, worker.session);
    h.advance(Duration.ofSeconds(20));
    // A short reconnect: seen again now.
    String again = h.scheduler.openListener(Harness.TENANT, worker.id, worker.received::add);
    h.scheduler.closeListener(worker.id, again);
    h.advance(Duration.ofSeconds(20));
    // Seen 20 s ago: the check that came due at 30 s waits for the rest.
    assertThat(other.starts()).isEmpty();
    h.advance(Duration.ofSeconds(10));

    assertThat(other.starts()).hasSize(1);
    assertThat(other.lastStart().retryCount()).isEqualTo(1);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.RUNNING);
  }

  private static TaskState taskWith(Double factor, Integer max, int appRetries) {
    TaskSpec spec = new TaskSpec("t", "wf:t", List.of(), 10, factor, max, null, null, false, Map.of(), List.of());
    WorkflowVersionRecord version = new WorkflowVersionRecord("v", "w", Harness.TENANT, 1, 0, "f",
        workflow("wf", List.of(spec)), Map.of("t", "d"));
    RunState run = new RunState(new WorkflowRunRecord("r", Harness.TENANT, "v", "{}", "{}", 1, RunStatus.QUEUED, 0,
        null, null, null, null, null, null, null, null, null), version);
    TaskState task = new TaskState("task", run, spec, "d", false, 0);
    task.appRetries = appRetries;
    return task;
  }
}
