package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.FlowFixtures.labelled;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.number;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.spec;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.text;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.trigger;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.wants;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.worker;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.workflow;
import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.model.DesiredLabel;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Worker labels and desired labels as upstream scores them (reference §3). */
class WorkerAffinityTest {

  @Test
  void aRequiredLabelKeepsTheTaskOffOtherWorkersAndItWaitsUntilAWorkerHasTheLabel() {
    Harness h = new Harness();
    h.put(workflow("w", null, labelled("t", Map.of("model", wants("fancy", true, 100)))));
    Harness.FakeWorker plain = worker(h, 10, Map.of("model", text("old")), "t");
    String run = h.trigger("w");
    h.advance(Duration.ofMinutes(1));
    assertThat(plain.starts()).isEmpty();
    assertThat(h.taskView(run, "t").status()).isEqualTo(TaskStatus.QUEUED);

    h.scheduler.upsertLabels(TENANT, plain.id, Map.of("model", text("fancy")));
    h.settle();

    assertThat(plain.starts()).hasSize(1);
  }

  @Test
  void weightsRankWorkersAndRequiredLabelsOnlyFilter() {
    Harness h = new Harness();
    h.put(workflow("w", null, labelled("t", Map.of(
        "model", wants("fancy-ai-model-v2", false, 10),
        "region", wants("eu", false, 50)))));
    Harness.FakeWorker model = worker(h, 10, Map.of("model", text("fancy-ai-model-v2")), "t");
    Harness.FakeWorker region = worker(h, 10, Map.of("region", text("eu")), "t");
    Harness.FakeWorker none = worker(h, 10, Map.of(), "t");

    h.trigger("w");
    h.trigger("w");

    assertThat(region.starts()).hasSize(2);
    assertThat(model.starts()).isEmpty();
    assertThat(none.starts()).isEmpty();
  }

  @Test
  void aLowerRankedWorkerTakesTheTaskWhenTheBestHasNoFreeSlot() {
    Harness h = new Harness();
    h.put(workflow("w", null, labelled("t", Map.of("gpu", wants("a100", false, 100)))));
    Harness.FakeWorker best = worker(h, 1, Map.of("gpu", text("a100")), "t");
    Harness.FakeWorker other = worker(h, 1, Map.of("gpu", text("t4")), "t");

    h.trigger("w");
    h.trigger("w");

    assertThat(best.starts()).hasSize(1);
    assertThat(other.starts()).hasSize(1);
  }

  /** Ordering comparators read "worker value OP desired value" and compare numbers only. */
  @Test
  void comparatorsReadWorkerValueOpDesiredValueAndTextNeverMeetsANumber() {
    Map<String, LabelValue> memory512 = Map.of("memory", number(512));
    assertThat(LabelMatcher.meets(number(512), wants(256, "GREATER_THAN", true))).isTrue();
    assertThat(LabelMatcher.meets(number(512), wants(512, "GREATER_THAN", true))).isFalse();
    assertThat(LabelMatcher.meets(number(512), wants(512, "GREATER_THAN_OR_EQUAL", true))).isTrue();
    assertThat(LabelMatcher.meets(number(512), wants(256, "LESS_THAN", true))).isFalse();
    assertThat(LabelMatcher.meets(number(256), wants(512, "LESS_THAN", true))).isTrue();
    assertThat(LabelMatcher.meets(number(512), wants(512, "LESS_THAN_OR_EQUAL", true))).isTrue();
    assertThat(LabelMatcher.meets(number(512), wants(512, "EQUAL", true))).isTrue();
    assertThat(LabelMatcher.meets(number(512), wants(511, "NOT_EQUAL", true))).isTrue();
    assertThat(LabelMatcher.meets(text("512"), wants(512, "EQUAL", true))).isFalse();
    assertThat(LabelMatcher.meets(text("512"), wants(512, "NOT_EQUAL", true))).isFalse();
    assertThat(LabelMatcher.meets(text("x"), new DesiredLabel("x", null, true, 1, "GREATER_THAN"))).isFalse();
    // Upstream's affinity example (memory LESS_THAN 256 on a 512 worker) does not match the engine.
    assertThat(LabelMatcher.score(Map.of("memory", wants(256, "LESS_THAN", true)), memory512))
        .isEqualTo(LabelMatcher.REJECTED);
    assertThat(LabelMatcher.score(Map.of("memory", wants(256, "LESS_THAN", false), "gpu", wants("x", false, 7)),
        memory512)).isZero();
  }

  /**
   * Upstream's runtime_affinity e2e test: four workers labelled foo, bar, baz and qux; runs of a
   * DAG whose tasks retry, each triggered with a required affinity label; every task of every run,
   * retried attempts included, runs on the worker with that label.
   */
  @Test
  void triggerLabelsReplaceTheTasksOwnForEveryTaskAndRetryOfTheRun() {
    Harness h = new Harness();
    h.put(workflow("runtime_affinity_workflow", null,
        spec("validate_input", 1, List.of(), Map.of("affinity", wants("never", true, 100)), null),
        spec("load", 1, List.of(), Map.of(), null, "validate_input"),
        spec("resolve", 1, List.of(), Map.of(), null, "validate_input"),
        spec("prepare", 1, List.of(), Map.of(), null, "resolve", "load"),
        spec("answer", 1, List.of(), Map.of(), null, "prepare", "validate_input")));
    String[] tasks = {"validate_input", "load", "resolve", "prepare", "answer"};
    Map<String, Harness.FakeWorker> byLabel = new HashMap<>();
    for (String label : List.of("foo", "bar", "baz", "qux")) {
      byLabel.put(label, worker(h, 100, Map.of("affinity", text(label)), tasks));
    }
    Random random = new Random(7);
    Map<String, String> targetOfRun = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      String target = List.of("foo", "bar", "baz", "qux").get(random.nextInt(4));
      String run = trigger(h, new TriggerSpec("runtime_affinity_workflow", "{}", null, null, null, null, null, null,
          null, Map.of("affinity", wants(target, true, 100))));
      targetOfRun.put(run, target);
    }
    // Each worker runs what it got; a quarter of first attempts fail and are retried.
    int retried = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, Harness.FakeWorker> entry : byLabel.entrySet()) {
        for (WorkerAction start : new ArrayList<>(entry.getValue().starts())) {
          assertThat(targetOfRun.get(start.workflowRunId())).as(start.taskName()).isEqualTo(entry.getKey());
        }
      }
      for (Harness.FakeWorker worker : byLabel.values()) {
        List<WorkerAction> pending = new ArrayList<>(worker.starts());
        worker.received.removeIf(a -> a.type() == WorkerAction.Type.START);
        for (WorkerAction start : pending) {
          progress = true;
          if (start.retryCount() == 0 && random.nextInt(4) == 0) {
            retried++;
            worker.fail(start, "simulated failure");
          } else {
            worker.complete(start, "{\"worker\":\"" + worker.id + "\"}");
          }
        }
      }
    }
    assertThat(retried).isPositive();
    assertThat(h.runs()).hasSize(50).allSatisfy(run -> assertThat(run.status().name()).isEqualTo("COMPLETED"));
  }

  @Test
  void aTaskNoWorkerMatchesDoesNotHoldBackTheTasksBehindIt() {
    Harness h = new Harness();
    h.put(workflow("w", null, labelled("t", Map.of())));
    Harness.FakeWorker foo = worker(h, 10, Map.of("affinity", text("foo")), "t");
    String stuck = trigger(h, new TriggerSpec("w", "{}", null, null, null, null, null, null, null,
        Map.of("affinity", wants("bar", true, 100))));
    String free = h.trigger("w");

    assertThat(foo.starts()).extracting(WorkerAction::workflowRunId).containsExactly(free);
    assertThat(h.taskView(stuck, "t").status()).isEqualTo(TaskStatus.QUEUED);
  }
}
