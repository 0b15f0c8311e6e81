package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.model.TaskStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Assignment: slots, worker choice, priority, and the gates future limits plug into. */
class AssignmentTest {
  @Test
  void aWorkerGetsNoMoreTasksThanItHasSlotsAndAFreedSlotTakesTheNext() {
    Harness h = new Harness();
    h.put(workflow("one", List.of(task("t"))));
    Harness.FakeWorker worker = h.worker(2, "t");
    List<String> runs = List.of(h.trigger("one"), h.trigger("one"), h.trigger("one"));

    assertThat(worker.starts()).hasSize(2);
    assertThat(h.taskView(runs.get(2), "t").status()).isEqualTo(TaskStatus.QUEUED);

    worker.complete(worker.starts().get(0), "{}");
    assertThat(worker.starts()).hasSize(3);
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(runs.get(2));
  }

  @Test
  void releasingASlotLetsTheNextTaskInWhileTheFirstKeepsRunning() {
    Harness h = new Harness();
    h.put(workflow("one", List.of(task("t"))));
    Harness.FakeWorker worker = h.worker(1, "t");
    h.trigger("one");
    h.trigger("one");
    assertThat(worker.starts()).hasSize(1);

    h.scheduler.releaseSlot(TENANT, worker.lastStart().taskRunId());
    h.settle();

    assertThat(worker.starts()).hasSize(2);
  }

  @Test
  void theLeastLoadedWorkerGetsTheTask() {
    Harness h = new Harness();
    h.put(workflow("one", List.of(task("t"))));
    Harness.FakeWorker busy = h.worker(2, "t");
    h.trigger("one");
    Harness.FakeWorker idle = h.worker(2, "t");

    h.trigger("one");

    assertThat(busy.starts()).hasSize(1);
    assertThat(idle.starts()).hasSize(1);
  }

  @Test
  void higherPriorityRunsGoFirst() {
    Harness h = new Harness();
    h.put(workflow("one", List.of(task("t"))));
    String low = h.trigger("one");
    String high = h.scheduler.trigger(TENANT, List.of(
        new TriggerSpec("one", "{}", null, null, null, null, null, 3, null))).get(0);
    h.settle();

    Harness.FakeWorker worker = h.worker(1, "t");

    assertThat(worker.lastStart().workflowRunId()).isEqualTo(high);
    worker.complete(worker.lastStart(), "{}");
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(low);
  }

  @Test
  void aGateThatDoesNotAdmitATaskKeepsItQueuedAndHearsOfEveryAssignmentAndRelease() {
    Set<String> blocked = new HashSet<>();
    List<String> heard = new ArrayList<>();
    AssignmentGate gate = new AssignmentGate() {
      @Override
      public boolean admits(TaskState task) {
        return !blocked.contains(task.run.id);
      }

      @Override
      public void assigned(TaskState task, WorkerState worker) {
        heard.add("assigned " + task.run.id);
      }

      @Override
      public void released(TaskState task) {
        heard.add("released " + task.run.id);
      }
    };
    Harness h = new Harness(List.of(gate));
    h.put(workflow("one", List.of(task("t"))));
    String first = h.scheduler.trigger(TENANT, List.of(TriggerSpec.of("one", "{}"))).get(0);
    blocked.add(first);
    Harness.FakeWorker worker = h.worker(5, "t");

    assertThat(worker.starts()).isEmpty();
    assertThat(h.taskView(first, "t").status()).isEqualTo(TaskStatus.QUEUED);

    blocked.clear();
    h.effects.requestAssignment();
    h.settle();
    worker.complete(worker.lastStart(), "{}");

    assertThat(heard).containsExactly("assigned " + first, "released " + first);
  }

  @Test
  void aGateChoosesAmongWorkers() {
    List<String> allowed = new ArrayList<>();
    AssignmentGate affinity = new AssignmentGate() {
      @Override
      public boolean accepts(TaskState task, WorkerState worker) {
        return allowed.contains(worker.id());
      }
    };
    Harness h = new Harness(List.of(affinity));
    h.put(workflow("one", List.of(task("t"))));
    Harness.FakeWorker first = h.worker(5, "t");
    Harness.FakeWorker second = h.worker(5, "t");
    allowed.add(second.id);

    h.trigger("one");
    h.trigger("one");

    assertThat(first.starts()).isEmpty();
    assertThat(second.starts()).hasSize(2);
  }
}
