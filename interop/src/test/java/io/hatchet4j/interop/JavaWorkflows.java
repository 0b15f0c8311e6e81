package io.hatchet4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.Workflow;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import java.time.Duration;
import java.util.List;

/** The java-* workflows, the Java side's copy of what the peers serve. */
final class JavaWorkflows {
  /** The event key that starts {@link #EVENT} (the client's namespace is added to it). */
  static final String EVENT_KEY = "interop:event";

  private static volatile Tracer tracer = TracerProvider.noop().get("interop-java");

  static final Workflow<JsonNode, JsonNode> ECHO = Workflow.standalone(
      Task.builder("java-echo", JsonNode.class, JsonNode.class)
          .setHandler((input, ctx) -> {
            customSpan(ctx, "java.custom");
            return answer(input, ctx);
          })
          .build());

  /** Runs the workflow named in the input as a child, in whatever language serves it. */
  static final Workflow<JsonNode, JsonNode> RELAY = Workflow.standalone(
      Task.builder("java-relay", JsonNode.class, JsonNode.class)
          .setHandler((input, ctx) -> {
            customSpan(ctx, "java.relay");
            JsonNode child = ctx.runChild(Workflow.reference(input.path("target").asText(), JsonNode.class,
                JsonNode.class), input.path("input").isObject() ? input.path("input") : InteropEngine.JSON.createObjectNode());
            return InteropEngine.JSON.createObjectNode().put("lang", "java").set("child", child);
          })
          .build());

  /** Started by every event with {@link #EVENT_KEY}. */
  static final Workflow<JsonNode, JsonNode> EVENT = Workflow.builder("java-event", JsonNode.class)
      .addEventTrigger(EVENT_KEY)
      .buildStandalone(Task.builder("java-event", JsonNode.class, JsonNode.class)
          .setHandler(JavaWorkflows::answer)
          .build());

  /** Waits durably for the event named in the input and returns its payload. */
  static final Workflow<JsonNode, JsonNode> DURABLE = Workflow.standalone(
      Task.builder("java-durable", JsonNode.class, JsonNode.class)
          .setDurableHandler((input, ctx) -> {
            JsonNode event = ctx.waitForEvent(input.path("key").asText(), JsonNode.class);
            return InteropEngine.JSON.createObjectNode().put("lang", "java").set("event", event);
          })
          .build());

  /** Fails every attempt; retried once. */
  static final Workflow<JsonNode, JsonNode> FAIL = Workflow.standalone(
      Task.builder("java-fail", JsonNode.class, JsonNode.class)
          .setRetries(1)
          .setHandler((input, ctx) -> {
            throw new IllegalStateException("java-fail attempt " + ctx.retryCount());
          })
          .build());

  /** Runs until cancelled (or a minute passes). */
  static final Workflow<JsonNode, JsonNode> SLOW = Workflow.standalone(
      Task.builder("java-slow", JsonNode.class, JsonNode.class)
          .setHandler((input, ctx) -> {
            Thread.sleep(60_000);
            return InteropEngine.JSON.createObjectNode().put("lang", "java").put("finished", true);
          })
          .setExecutionTimeout(Duration.ofMinutes(2))
          .build());

  static final List<Workflow<?, ?>> ALL = List.of(ECHO, RELAY, EVENT, DURABLE, SLOW, FAIL, JavaHookWorkflows.WORKFLOW,
      JavaHookWorkflows.CANCEL_IF);

  private JavaWorkflows() {}

  static void useTracer(TracerProvider provider) {
    tracer = provider == null ? TracerProvider.noop().get("interop-java") : provider.get("interop-java");
  }

  private static JsonNode answer(JsonNode input, TaskContext ctx) {
    ObjectNode out = InteropEngine.JSON.createObjectNode().put("lang", "java");
    out.set("input", input);
    out.set("metadata", InteropEngine.JSON.valueToTree(ctx.additionalMetadata()));
    return out;
  }

  /** A span of the task's own, which the attribute processor fills with the task's attributes. */
  private static void customSpan(TaskContext ctx, String name) {
    Span span = tracer.spanBuilder(name).setAttribute("interop.lang", "java")
        .setAttribute("interop.task_run_id", ctx.taskRunId()).startSpan();
    span.end();
  }
}
