package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.TENANT;

import io.hatchet4j.engine.internal.model.DesiredLabel;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.RateLimitSetting;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/** Tasks, workflows, workers and triggers with rate limits, labels and stickiness, for the flow-control tests. */
final class FlowFixtures {
  private FlowFixtures() {}

  /** A task that consumes these rate limits. */
  static TaskSpec limited(String name, RateLimitSetting... limits) {
    return spec(name, 0, List.of(limits), Map.of(), null);
  }

  /** A task that wants these worker labels. */
  static TaskSpec labelled(String name, Map<String, DesiredLabel> labels, String... parents) {
    return spec(name, 0, List.of(), labels, null, parents);
  }

  static TaskSpec spec(String name, int retries, List<RateLimitSetting> limits, Map<String, DesiredLabel> labels,
      @Nullable String scheduleTimeout, String... parents) {
    return new TaskSpec(name, "wf:" + name, List.of(parents), retries, null, null, null, scheduleTimeout, false,
        Map.of(), List.of(), limits, labels, List.of());
  }

  /** A static limit as the official SDKs send it: key and units, limit "-1", a duration. */
  static RateLimitSetting staticLimit(String key, int units) {
    return new RateLimitSetting(key, units, null, null, "-1", "MINUTE");
  }

  /** A dynamic limit as the Python SDK sends it: the key expression in key and key_expr. */
  static RateLimitSetting dynamicLimit(String keyExpr, @Nullable String unitsExpr, String limitExpr, String duration) {
    return new RateLimitSetting(keyExpr, unitsExpr == null ? 1 : null, keyExpr, unitsExpr, limitExpr, duration);
  }

  static DesiredLabel wants(String value, boolean required, int weight) {
    return new DesiredLabel(value, null, required, weight, "EQUAL");
  }

  static DesiredLabel wants(int value, String comparator, boolean required) {
    return new DesiredLabel(null, value, required, DesiredLabel.DEFAULT_WEIGHT, comparator);
  }

  static WorkflowSpec workflow(String name, @Nullable String sticky, TaskSpec... tasks) {
    return new WorkflowSpec(name, "", "", List.of(), List.of(), null, List.of(tasks), null, null, sticky, List.of(),
        List.of());
  }

  static String trigger(Harness h, String workflow, String input) {
    return trigger(h, new TriggerSpec(workflow, input, null, null, null, null, null, null, null));
  }

  static String trigger(Harness h, TriggerSpec spec) {
    String id = h.scheduler.trigger(TENANT, List.of(spec)).get(0);
    h.settle();
    return id;
  }

  /** A connected worker with these labels. */
  static Harness.FakeWorker worker(Harness h, int slots, Map<String, LabelValue> labels, String... taskNames) {
    List<String> actions = new ArrayList<>();
    for (String name : taskNames) {
      actions.add("wf:" + name);
    }
    String id = h.scheduler.registerWorker(TENANT, new WorkerSpec("w", actions, Map.of("default", slots), null, labels))
        .id();
    Harness.FakeWorker worker = new Harness.FakeWorker(h, id);
    worker.session = h.scheduler.openListener(TENANT, id, worker.received::add);
    h.settle();
    return worker;
  }

  static LabelValue text(String value) {
    return new LabelValue(value, null);
  }

  static LabelValue number(int value) {
    return new LabelValue(null, value);
  }
}
