package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.FlowFixtures.trigger;
import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Priority (reference §5): one queue per task, taken highest priority first, immediate retries ahead of all. */
class PriorityTest {

  /**
   * Upstream's priority e2e test: a one-slot worker busy with a high-priority dummy run, then 30
   * runs of random priority; they start in non-increasing priority and never overlap.
   */
  @Test
  void queuedRunsStartInNonIncreasingPriorityOnAOneSlotWorker() {
    Harness h = new Harness();
    h.put(new io.hatchet4j.engine.internal.model.WorkflowSpec("priority", "", "", List.of(), List.of(), null,
        List.of(task("t")), null, 2, null, List.of(), List.of()));
    Harness.FakeWorker worker = h.worker(1, "t");
    trigger(h, new TriggerSpec("priority", "{}", null, null, null, null, null, 3, null));
    Random random = new Random(3);
    Map<String, Integer> priorityOf = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      Integer priority = random.nextInt(4) == 0 ? null : 1 + random.nextInt(3);
      String run = trigger(h, new TriggerSpec("priority", "{}", null, null, null, null, null, priority, null));
      priorityOf.put(run, priority == null ? 2 : priority);
    }
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      assertThat(worker.starts()).hasSize(i + 1);
      WorkerAction start = worker.lastStart();
      if (i > 0) {
        started.add(priorityOf.get(start.workflowRunId()));
        assertThat(start.priority()).isEqualTo(priorityOf.get(start.workflowRunId()));
      }
      worker.complete(start, "{}");
    }
    assertThat(started).hasSize(30).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    assertThat(started).contains(1, 2, 3);
  }

  @Test
  void anImmediateRetryGoesAheadOfEveryQueuedRunWhateverItsPriority() {
    Harness h = new Harness();
    h.put(workflow("low", List.of(task("t", 1, null, null))));
    Harness.FakeWorker worker = h.worker(1, "t");
    String retried = h.trigger("low");
    String high = trigger(h, new TriggerSpec("low", "{}", null, null, null, null, null, 3, null));

    worker.fail(worker.lastStart(), "boom");

    assertThat(worker.lastStart().workflowRunId()).isEqualTo(retried);
    assertThat(worker.lastStart().retryCount()).isEqualTo(1);
    worker.complete(worker.lastStart(), "{}");
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(high);
  }
}
