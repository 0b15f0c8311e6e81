package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RateLimitSetting;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a task's rate limits come to for one task: each limit's key, units and declared limit,
 * evaluated once when the task is created, as upstream does. Confined to the scheduler thread.
 *
 * <p>A static limit (no expression) is its key and units (default 1), with no declared limit. A
 * dynamic one evaluates its key, limit and units expressions over the step-run variables ({@code
 * input}, {@code additional_metadata}, {@code workflow_run_id}, {@code parents}); a failure makes
 * the task fail with upstream's text {@code failed to parse step expression (<expr>): ...}.
 */
final class RateLimitClaims {
  /** The variables of upstream's step-run CEL environment. */
  static final Set<String> STEP_VARIABLES = Set.of("input", "additional_metadata", "workflow_run_id", "parents");
  private static final int CACHE_SIZE = 1024;

  /** One key a task takes units of; {@code limit} is -1 when the task does not declare the key. */
  record Claim(String key, int units, int limit, String window) {}

  /** An expression could not be evaluated to what it stands for; the message is the task's error. */
  static final class EvaluationFailed extends Exception {
    EvaluationFailed(String message) {
      super(message);
    }
  }

  private enum Kind {
    KEY("string", "key"),
    VALUE("int", "value"),
    UNITS("int", "units"),
    WINDOW("string", "window");

    final String type;
    final String noun;

    Kind(String type, String noun) {
      this.type = type;
      this.noun = noun;
    }
  }

  private final Map<String, CelExpression> compiled = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CelExpression> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  /** The task's claims, in the order its limits were declared. */
  List<Claim> of(TaskState task) throws EvaluationFailed {
    List<RateLimitSetting> settings = task.spec.rateLimits();
    if (settings.isEmpty()) {
      return List.of();
    }
    List<Claim> claims = new ArrayList<>(settings.size());
    Map<String, JsonNode> variables = null;
    for (RateLimitSetting setting : settings) {
      if (!setting.isDynamic()) {
        claims.add(new Claim(setting.key(), setting.units() == null ? 1 : setting.units(), -1, window(setting)));
        continue;
      }
      if (variables == null) {
        variables = variables(task);
      }
      String key = setting.keyExpr() != null
          ? (String) evaluate(setting.keyExpr(), Kind.KEY, variables)
          : setting.key();
      int limit = setting.limitExpr() != null ? (Integer) evaluate(setting.limitExpr(), Kind.VALUE, variables) : -1;
      int units;
      if (setting.unitsExpr() != null) {
        units = (Integer) evaluate(setting.unitsExpr(), Kind.UNITS, variables);
      } else if (setting.units() != null) {
        units = setting.units();
      } else {
        throw new EvaluationFailed("failed to parse step expression (): expected int output for dynamic rate limit "
            + "units, got unknown type");
      }
      claims.add(new Claim(key, units, limit, window(setting)));
    }
    return List.copyOf(claims);
  }

  /** The window's name; upstream stores an unknown duration name as an expression, which then fails. */
  private static String window(RateLimitSetting setting) throws EvaluationFailed {
    String window = setting.duration() == null ? "MINUTE" : setting.duration();
    try {
      RateLimits.windowMs(window);
      return window;
    } catch (EngineException e) {
      throw new EvaluationFailed("failed to parse step expression (" + window + "): expected string output for "
          + "dynamic rate limit window, got unknown type");
    }
  }

  private Object evaluate(String text, Kind kind, Map<String, JsonNode> variables) throws EvaluationFailed {
    JsonNode value;
    try {
      CelExpression expression = compiled.get(text);
      if (expression == null) {
        expression = CelExpression.compile(text, STEP_VARIABLES);
        compiled.put(text, expression);
      }
      value = expression.evaluate(variables);
    } catch (EngineException e) {
      throw new EvaluationFailed("failed to parse step expression (" + text + "): " + e.getMessage());
    }
    String unusable = CelExpression.stepOutputError(value);
    if (unusable != null) {
      throw new EvaluationFailed("failed to parse step expression (" + text + "): " + unusable);
    }
    String got = value.isTextual() ? "string" : "int";
    if (!got.equals(kind.type)) {
      throw new EvaluationFailed("failed to parse step expression (" + text + "): expected " + kind.type
          + " output for dynamic rate limit " + kind.noun + ", got " + got);
    }
    // Upstream truncates a double to an int.
    return value.isTextual() ? value.textValue() : (Object) (int) value.asDouble();
  }

  /** The step-run variables: the run's input and metadata, its id, and completed parents' outputs. */
  private static Map<String, JsonNode> variables(TaskState task) throws EvaluationFailed {
    ObjectNode input = Json.parseObjectOrNull(task.run.input);
    ObjectNode metadata = Json.parseObjectOrNull(task.run.additionalMetadata);
    if (metadata == null && task.run.additionalMetadata != null && !task.run.additionalMetadata.isBlank()) {
      throw new EvaluationFailed("failed to process additional metadata: not a json object");
    }
    ObjectNode parents = Json.newObject();
    for (String parent : task.spec.parents()) {
      TaskState parentTask = task.run.tasks.get(parent);
      ObjectNode output = parentTask == null || parentTask.status != TaskStatus.COMPLETED ? null
          : Json.parseObjectOrNull(parentTask.output);
      if (output != null) {
        parents.set(parent, output);
      }
    }
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    variables.put("input", input == null ? Json.newObject() : input);
    variables.put("additional_metadata", metadata == null ? Json.newObject() : metadata);
    variables.put("workflow_run_id", TextNode.valueOf(task.run.id));
    variables.put("parents", parents);
    return variables;
  }
}
