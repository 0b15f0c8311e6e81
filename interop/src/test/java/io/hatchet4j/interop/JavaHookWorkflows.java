package io.hatchet4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;

/**
 * The Java side's workflows with conditions and hook tasks: {@code java-on-failure}, counterpart of
 * the peers' {@code py-on-failure} and {@code ts-on-failure}, and {@code java-cancel-if}.
 */
final class JavaHookWorkflows {
  private JavaHookWorkflows() {}

  /** Runs the workflow named in the input as a child, and so fails with that task's error. */
  static final Task<JsonNode, JsonNode> STEP1 = Task.builder("step1", JsonNode.class, JsonNode.class)
      .setHandler((input, ctx) -> ctx.runChild(
          Workflow.reference(input.path("target").asText(), JsonNode.class, JsonNode.class),
          InteropEngine.JSON.createObjectNode()))
      .build();

  /** Returns the errors it was given. */
  static final Task<JsonNode, JsonNode> ON_FAILURE = Task.builder("on_failure", JsonNode.class, JsonNode.class)
      .setHandler((input, ctx) -> InteropEngine.JSON.createObjectNode().put("lang", "java")
          .set("errors", InteropEngine.JSON.valueToTree(ctx.taskRunErrors())))
      .build();

  static final Workflow<JsonNode, WorkflowResult> WORKFLOW =
      Workflow.builder("java-on-failure", JsonNode.class).addTask(STEP1).onFailure(ON_FAILURE).build();

  static final Task<JsonNode, JsonNode> START = Task.builder("start", JsonNode.class, JsonNode.class)
      .setHandler((input, ctx) -> InteropEngine.JSON.createObjectNode().put("n", 2))
      .build();

  /** Cancelled by its condition on {@code start}'s output, so it and {@code downstream} never run. */
  static final Task<JsonNode, JsonNode> CANCELLED = Task.builder("cancelled", JsonNode.class, JsonNode.class)
      .addParent(START)
      .cancelIf(Condition.parentOutput(START, "output.n > 1"))
      .setHandler((input, ctx) -> input)
      .build();

  static final Workflow<JsonNode, WorkflowResult> CANCEL_IF = Workflow.builder("java-cancel-if", JsonNode.class)
      .addTask(Task.builder("downstream", JsonNode.class, JsonNode.class)
          .addParent(CANCELLED)
          .setHandler((input, ctx) -> input)
          .build())
      .build();
}
