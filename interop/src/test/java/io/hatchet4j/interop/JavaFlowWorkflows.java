package io.hatchet4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.DesiredWorkerLabel;
import io.hatchet4j.RateLimit;
import io.hatchet4j.RateLimitDuration;
import io.hatchet4j.StickyStrategy;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * The Java side's copy of the peers' flow-control workflows (interop/python/flow_peer.py,
 * interop/ts/flow-peer.mjs): the same rate limits, labels and stickiness, declared with our SDK.
 */
final class JavaFlowWorkflows {
  /** The labels of the worker that serves them, as the peers' workers have them. */
  static final Map<String, Object> LABELS = Map.of("model", "interop-model", "memory", 512);

  private JavaFlowWorkflows() {}

  private static ObjectNode worker(TaskContext ctx) {
    return InteropEngine.JSON.createObjectNode().put("lang", "java").put("worker", ctx.workerId());
  }

  private static Workflow<JsonNode, JsonNode> standalone(Task.Builder<JsonNode, JsonNode> task) {
    return Workflow.standalone(task.setHandler((input, ctx) -> worker(ctx)).build());
  }

  private static Task.Builder<JsonNode, JsonNode> task(String name) {
    return Task.builder(name, JsonNode.class, JsonNode.class);
  }

  static final Workflow<JsonNode, JsonNode> RATE_LIMITED = standalone(task("java-rate-limited")
      .addRateLimit(RateLimit.staticKey("java-interop-limit").setUnits(1).build()));

  static final Workflow<JsonNode, JsonNode> DYNAMIC_LIMITED = standalone(task("java-dynamic-limited")
      .addRateLimit(RateLimit.dynamicKey("input.group").setUnits("input.units").setLimit("input.limit")
          .setDuration(RateLimitDuration.HOUR).build()));

  static final Workflow<JsonNode, JsonNode> AFFINITY = standalone(task("java-affinity")
      .addDesiredWorkerLabel("model", DesiredWorkerLabel.of("another-model").withWeight(10))
      .addDesiredWorkerLabel("memory", DesiredWorkerLabel.of(256).asRequired()
          .withComparator(DesiredWorkerLabel.Comparator.GREATER_THAN)));

  static final Workflow<JsonNode, JsonNode> AFFINITY_STRICT = standalone(task("java-affinity-strict")
      .addDesiredWorkerLabel("memory", DesiredWorkerLabel.of(256).asRequired()
          .withComparator(DesiredWorkerLabel.Comparator.LESS_THAN)));

  static final Workflow<JsonNode, JsonNode> UPSERT_LABELS = Workflow.standalone(task("java-upsert-labels")
      .setHandler((input, ctx) -> {
        Map<String, Object> labels = InteropEngine.JSON.convertValue(input.path("labels"), Map.class);
        ctx.worker().upsertLabels(labels);
        return worker(ctx);
      }).build());

  static final Workflow<JsonNode, JsonNode> STICKY_CHILD = Workflow.builder("java-sticky-child", JsonNode.class)
      .setSticky(StickyStrategy.SOFT)
      .buildStandalone(task("child").setHandler((input, ctx) -> worker(ctx)).build());

  private static final Task<JsonNode, JsonNode> STEP1 = task("step1").setHandler((input, ctx) -> worker(ctx)).build();

  static final Workflow<JsonNode, ?> STICKY = Workflow.builder("java-sticky", JsonNode.class)
      .setSticky(StickyStrategy.HARD)
      .addTask(STEP1)
      .addTask(task("step2").addParent(STEP1).setHandler((input, ctx) -> {
        JsonNode child = ctx.runChild(STICKY_CHILD, input, TriggerOptions.builder().setSticky(true).build());
        return worker(ctx).put("child", child.path("worker").asText());
      }).build())
      .build();

  static final List<Workflow<JsonNode, ?>> ALL =
      List.of(RATE_LIMITED, DYNAMIC_LIMITED, AFFINITY, AFFINITY_STRICT, UPSERT_LABELS, STICKY_CHILD, STICKY);
}
