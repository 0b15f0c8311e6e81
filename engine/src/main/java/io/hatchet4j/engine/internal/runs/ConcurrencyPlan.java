package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.ConcurrencySetting;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The concurrency strategies one task passes through, in upstream's order, and the evaluation of
 * its keys. Immutable; one per task definition of a workflow version.
 *
 * <p>Upstream's order: the workflow's strategies first, then the task's own, each in declaration
 * order. In a workflow of exactly one task and no on-failure task the workflow's strategies become
 * the task's own (upstream moves them onto the task). In any other workflow they count whole runs:
 * a run takes one place per key when its first task is queued and keeps it until all its regular
 * tasks are finished. The on-failure task has only its own strategies.
 */
final class ConcurrencyPlan {
  /** What CEL concurrency keys may name: upstream's workflow-run environment. */
  private static final Set<String> VARIABLES = Set.of("input", "additional_metadata", "workflow_run_id");
  private static final Pattern LAST_FIELD = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*$");

  /** Upstream's strategies; anything else was refused at registration. */
  enum Kind {
    GROUP_ROUND_ROBIN,
    CANCEL_IN_PROGRESS,
    CANCEL_NEWEST;

    /** Upstream's default when none is given: CANCEL_IN_PROGRESS. */
    static Kind of(@Nullable String name) {
      if ("GROUP_ROUND_ROBIN".equals(name)) {
        return GROUP_ROUND_ROBIN;
      }
      if ("CANCEL_NEWEST".equals(name)) {
        return CANCEL_NEWEST;
      }
      return CANCEL_IN_PROGRESS;
    }
  }

  /**
   * One strategy: its identity (per tenant and workflow version, as upstream keeps strategies per
   * version), its expression, limit and kind, and whether it counts runs rather than tasks.
   */
  record Stage(String strategyId, String expression, @Nullable CelExpression compiled, @Nullable String compileError,
      int maxRuns, Kind kind, boolean countsRuns) {}

  final List<Stage> stages;

  private ConcurrencyPlan(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  static boolean declaresAny(TaskState task) {
    return !task.spec.concurrency().isEmpty() || !task.onFailure && !task.run.version.spec().concurrency().isEmpty();
  }

  static ConcurrencyPlan of(TaskState task) {
    WorkflowSpec workflow = task.run.version.spec();
    String base = task.tenantId() + '/' + task.run.version.id() + '/';
    List<Stage> stages = new ArrayList<>();
    if (!task.onFailure) {
      boolean countsRuns = workflow.tasks().size() != 1 || workflow.onFailureTask() != null;
      for (int i = 0; i < workflow.concurrency().size(); i++) {
        String id = countsRuns ? base + "run/" + i : base + "task/" + task.readableId() + "/workflow/" + i;
        stages.add(stage(id, workflow.concurrency().get(i), countsRuns));
      }
    }
    TaskSpec spec = task.spec;
    String own = base + (task.onFailure ? "on-failure/" : "task/" + task.readableId() + "/own/");
    for (int i = 0; i < spec.concurrency().size(); i++) {
      stages.add(stage(own + i, spec.concurrency().get(i), false));
    }
    return new ConcurrencyPlan(stages);
  }

  private static Stage stage(String id, ConcurrencySetting setting, boolean countsRuns) {
    CelExpression compiled = null;
    String error = null;
    try {
      compiled = CelExpression.compile(setting.expression(), VARIABLES);
    } catch (EngineException e) {
      error = e.getMessage();
    }
    int maxRuns = setting.maxRuns() == null ? 1 : setting.maxRuns();
    return new Stage(id, setting.expression(), compiled, error, maxRuns, Kind.of(setting.limitStrategy()), countsRuns);
  }

  /**
   * The task's key under each strategy, or throws with upstream's reason for creating the task
   * FAILED. {@code workflow_run_id} is the task's own id, as upstream binds it (the same as the
   * run's id for a single-task workflow).
   */
  List<String> keys(TaskState task) throws KeyError {
    JsonNode input = Json.parseObjectOrNull(task.run.input);
    JsonNode metadata = Json.parseObjectOrNull(task.run.additionalMetadata);
    List<String> keys = new ArrayList<>(stages.size());
    for (Stage stage : stages) {
      if (input == null) {
        throw new KeyError("failed to parse step expression (" + stage.expression() + "): input is nil");
      }
      keys.add(key(stage, Map.of("input", input, "additional_metadata", metadata == null ? Json.newObject() : metadata,
          "workflow_run_id", TextNode.valueOf(task.id))));
    }
    return keys;
  }

  private static String key(Stage stage, Map<String, JsonNode> variables) throws KeyError {
    String prefix = "failed to parse step expression (" + stage.expression() + "): ";
    if (stage.compiled() == null) {
      throw new KeyError(prefix + stage.compileError());
    }
    JsonNode value;
    try {
      value = stage.compiled().evaluate(variables);
    } catch (EngineException e) {
      // Upstream's text carries the CEL error alone, not our wrapper around it.
      String wrapper = "expression '" + stage.expression() + "' cannot be evaluated: ";
      String reason = e.getMessage();
      throw new KeyError(prefix + (reason.startsWith(wrapper) ? reason.substring(wrapper.length()) : reason));
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNull() || value.isMissingNode()) {
      // Upstream's CEL fails on a missing field rather than reading it as null.
      Matcher field = LAST_FIELD.matcher(stage.expression());
      throw new KeyError(prefix + "no such key" + (field.find() ? ": " + field.group(1) : ""));
    }
    if (value.isNumber()) {
      // Upstream reads a double (every JSON number) as an int before it checks the key's kind.
      throw new KeyError(prefix + "expected string output for concurrency key, got int");
    }
    throw new KeyError(prefix + CelExpression.stepOutputError(value));
  }

  /** A key that could not be evaluated, with the reason the task fails with. */
  static final class KeyError extends Exception {
    private static final long serialVersionUID = 1L;

    KeyError(String reason) {
      super(reason, null, false, false);
    }
  }
}
