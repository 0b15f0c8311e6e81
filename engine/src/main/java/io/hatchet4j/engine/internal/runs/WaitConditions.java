package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.WaitCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conditions of durable waits: checking and preparing them, their compiled event expressions,
 * and the payload a completed wait reports. Not public API; confined to the scheduler thread.
 */
final class WaitConditions {
  /** Compiled event expressions kept at hand; waits usually share a few, so this bound is rarely met. */
  static final int MAX_CACHED_EXPRESSIONS = 1024;

  /** Least recently used first, so the cache drops the expression no wait has used for longest. */
  private final Map<String, CelExpression> expressions = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CelExpression> eldest) {
      return size() > MAX_CACHED_EXPRESSIONS;
    }
  };

  /**
   * Checks a wait's conditions and fixes each sleep's deadline from {@code nowMs}.
   *
   * @throws EngineException INVALID_ARGUMENT naming the first bad condition
   */
  List<WaitCondition> prepare(List<WaitCondition> requested, long nowMs) {
    if (requested.isEmpty()) {
      throw EngineException.invalidArgument("a wait needs at least one condition");
    }
    List<WaitCondition> prepared = new ArrayList<>();
    for (WaitCondition c : requested) {
      if (c.kind() == WaitCondition.Kind.SLEEP) {
        if (c.sleepFor() == null) {
          throw EngineException.invalidArgument("sleep condition '" + c.readableDataKey() + "' has no duration");
        }
        Duration duration = Durations.parse(c.sleepFor(), "sleep_for of '" + c.readableDataKey() + "'");
        prepared.add(c.withDeadline(nowMs + Math.max(0, duration.toMillis())));
      } else {
        if (c.eventKey() == null || c.eventKey().isBlank()) {
          throw EngineException.invalidArgument("user event condition '" + c.readableDataKey() + "' has no event key");
        }
        if (c.expression() != null) {
          expression(c.expression());
        }
        prepared.add(c);
      }
    }
    return prepared;
  }

  /** The compiled event expression, compiled once while it is in use. */
  CelExpression expression(String text) {
    CelExpression compiled = expressions.get(text);
    if (compiled == null) {
      compiled = CelExpression.compile(text, CelExpression.CONDITION_VARIABLES);
      expressions.put(text, compiled);
    }
    return compiled;
  }

  /** How many compiled expressions are kept; for tests. */
  int cachedExpressions() {
    return expressions.size();
  }

  /** Whether a condition of the OR group {@code group} has held. */
  static boolean groupSatisfied(List<WaitCondition> conditions, String group) {
    return conditions.stream().anyMatch(c -> c.orGroupId().equals(group) && c.data() != null);
  }

  /** {@code {"<action>": {"<readable key>": [<data>, ...]}}} for the conditions that held. */
  static String report(List<WaitCondition> conditions) {
    ObjectNode root = Json.newObject();
    for (WaitCondition c : conditions) {
      if (c.data() != null) {
        ObjectNode byKey = root.has(c.action()) ? (ObjectNode) root.get(c.action()) : root.putObject(c.action());
        ArrayNode items = byKey.has(c.readableDataKey())
            ? (ArrayNode) byKey.get(c.readableDataKey())
            : byKey.putArray(c.readableDataKey());
        items.add(Json.parseTrusted(c.data()));
      }
    }
    return root.toString();
  }
}
