package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.FlowFixtures.labelled;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.text;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.trigger;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.wants;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.worker;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.workflow;
import static io.hatchet4j.engine.internal.runs.Harness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.model.TaskStatus;
import java.util.Map;
import javax.annotation.Nullable;
import org.junit.jupiter.api.Test;

/** Sticky assignment (reference §4): DAG tasks follow their parent's worker, sticky children their parent task's. */
class StickyTest {

  /** Upstream's sticky_workers example: step2 runs where step1a ran, even on the busier worker. */
  @Test
  void softStickyDagTasksFollowTheWorkerOfTheirFirstParent() {
    Harness h = new Harness();
    h.put(workflow("StickyWorkflow", "SOFT", task("step1a"), task("step2", "step1a")));
    h.put(workflow("busy", null, task("x")));
    Harness.FakeWorker busier = h.worker(10, "step1a", "step2", "x");
    h.trigger("busy");
    h.trigger("busy");
    String run = h.trigger("StickyWorkflow");
    Harness.FakeWorker idle = h.worker(10, "step1a", "step2");

    busier.complete(busier.lastStart(), "{}");

    assertThat(busier.lastStart().taskName()).isEqualTo("step2");
    assertThat(busier.lastStart().workflowRunId()).isEqualTo(run);
    assertThat(idle.starts()).isEmpty();
  }

  @Test
  void softStickyTakesAnotherWorkerWhenTheDesiredOneIsFull() {
    Harness h = new Harness();
    String run = desiredWorkerFull(h, "SOFT");

    assertThat(other.starts()).extracting(WorkerAction::workflowRunId, WorkerAction::taskName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(run, "second"));
  }

  @Test
  void hardStickyWaitsForTheDesiredWorker() {
    Harness h = new Harness();
    String run = desiredWorkerFull(h, "HARD");

    assertThat(other.starts()).isEmpty();
    assertThat(h.taskView(run, "second").status()).isEqualTo(TaskStatus.QUEUED);

    desired.complete(desired.lastStart(), "{}");
    assertThat(desired.lastStart().taskName()).isEqualTo("second");
    assertThat(desired.lastStart().workflowRunId()).isEqualTo(run);
  }

  private Harness.FakeWorker desired;
  private Harness.FakeWorker other;

  /**
   * A run whose first task completed on {@code desired}, a one-slot worker now busy with another
   * workflow's task, while {@code other} could run the second task.
   */
  private String desiredWorkerFull(Harness h, String sticky) {
    h.put(workflow("S", sticky, task("first"), task("second", "first")));
    h.put(workflow("busy", null, task("x")));
    desired = h.worker(1, "first", "second", "x");
    String run = h.trigger("S");
    WorkerAction first = desired.lastStart();
    h.scheduler.releaseSlot(Harness.TENANT, first.taskRunId());
    h.settle();
    h.trigger("busy");
    assertThat(desired.lastStart().taskName()).isEqualTo("x");
    other = h.worker(5, "second");
    desired.complete(first, "{}");
    return run;
  }

  @Test
  void aStickyChildRunsOnTheWorkerItsTriggerNamesOnlyIfItsWorkflowIsSticky() {
    Harness h = new Harness();
    h.put(workflow("StickyChildWorkflow", "HARD", task("child")));
    h.put(workflow("PlainChild", null, task("plain")));
    Harness.FakeWorker a = h.worker(10, "child", "plain");
    Harness.FakeWorker b = h.worker(10, "child", "plain");
    for (int i = 0; i < 4; i++) {
      trigger(h, childOf("StickyChildWorkflow", b.id));
      trigger(h, childOf("PlainChild", b.id));
    }

    assertThat(b.starts()).extracting(WorkerAction::taskName).filteredOn("child"::equals).hasSize(4);
    assertThat(a.starts()).extracting(WorkerAction::taskName).containsOnly("plain").isNotEmpty();
  }

  @Test
  void labelsAreNotUsedWhenTheWorkflowIsSticky() {
    Harness h = new Harness();
    h.put(workflow("S", "SOFT", labelled("t", Map.of("gpu", wants("a100", true, 100)))));
    Harness.FakeWorker plain = worker(h, 10, Map.of("gpu", text("none")), "t");

    h.trigger("S");

    assertThat(plain.starts()).hasSize(1);
  }

  private static TriggerSpec childOf(String workflow, @Nullable String desiredWorkerId) {
    return new TriggerSpec(workflow, "{}", null, null, null, null, null, null, desiredWorkerId);
  }
}
