package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On-failure tasks as upstream's match starts them, and on-success tasks as the SDKs send them. */
class HookTasksTest {
  private final Harness h = new Harness();

  private WorkflowSpec withOnFailure(List<TaskSpec> tasks) {
    return new WorkflowSpec("wf", "", "", List.of(), List.of(), null, tasks, task("on_failure"), null, null,
        List.of(), List.of());
  }

  private WorkerAction start(Harness.FakeWorker worker, String name) {
    return worker.starts().stream().filter(a -> a.taskName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theOnFailureTaskStartsAtTheFirstFailureWithItsErrorWhileOtherTasksRun() {
    h.put(withOnFailure(List.of(task("fails"), task("slow"))));
    Harness.FakeWorker worker = h.worker(5, "fails", "slow", "on_failure");
    String runId = h.trigger("wf");

    worker.fail(start(worker, "fails"), "step1 failed");

    WorkerAction onFailure = start(worker, "on_failure");
    assertThat(Json.parseTrusted(onFailure.payload()).get("step_run_errors").get("fails").asText())
        .isEqualTo("step1 failed");
    worker.complete(onFailure, "{\"status\":\"cleaned\"}");
    assertThat(h.run(runId).status()).as("slow still runs").isEqualTo(RunStatus.RUNNING);
    worker.complete(start(worker, "slow"), "{}");
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void theOnFailureTaskDoesNotRunWhenEveryTaskSucceeds() {
    h.put(withOnFailure(List.of(task("a"))));
    Harness.FakeWorker worker = h.worker(5, "a", "on_failure");
    String runId = h.trigger("wf");
    worker.complete(start(worker, "a"), "{}");

    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(runId).tasks()).extracting(TaskView::readableId).containsExactly("a");
  }

  @Test
  void anOnSuccessTaskAfterTheLeavesRunsLastAndTasksMayReturnNothing() {
    h.put(workflow("wf", List.of(task("first"), task("second", "first"), task("fourth"),
        task("on_success", "second", "fourth"))));
    Harness.FakeWorker worker = h.worker(5, "first", "second", "fourth", "on_success");
    String runId = h.trigger("wf");

    // Python's None: a completion without a payload.
    worker.complete(start(worker, "first"), "");
    worker.complete(start(worker, "fourth"), "");
    assertThat(worker.starts()).extracting(WorkerAction::taskName).doesNotContain("on_success");
    worker.complete(start(worker, "second"), "");
    worker.complete(start(worker, "on_success"), "{\"done\":true}");

    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.taskView(runId, "first").output()).isEqualTo("{}");
  }

  @Test
  void anOnSuccessTaskIsCancelledWhenALeafFails() {
    h.put(workflow("wf", List.of(task("a"), task("b"), task("on_success", "a", "b"))));
    Harness.FakeWorker worker = h.worker(5, "a", "b", "on_success");
    String runId = h.trigger("wf");
    worker.complete(start(worker, "a"), "{}");
    worker.fail(start(worker, "b"), "boom");

    assertThat(h.taskView(runId, "on_success").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
  }
}
