package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.DesiredLabel;
import io.hatchet4j.engine.internal.model.LabelValue;
import java.util.Map;

/**
 * Scores a worker's labels against the labels a task wants, as upstream's scheduler does.
 *
 * <p>Each wanted label the worker meets adds its weight. A required one the worker lacks or does
 * not meet rejects the worker ({@link #REJECTED}). Text compares with text and numbers with
 * numbers (a text label never meets a number); the ordering comparators read "worker value OP
 * wanted value" and compare numbers only. Stateless.
 */
final class LabelMatcher {
  /** The score of a worker that must not get the task. */
  static final int REJECTED = -1;

  private LabelMatcher() {}

  /** The worker's total weight for the wanted labels, or {@link #REJECTED}. */
  static int score(Map<String, DesiredLabel> wanted, Map<String, LabelValue> labels) {
    int total = 0;
    for (Map.Entry<String, DesiredLabel> entry : wanted.entrySet()) {
      DesiredLabel desired = entry.getValue();
      LabelValue actual = labels.get(entry.getKey());
      boolean met = actual != null && meets(actual, desired);
      if (met) {
        total += desired.weight();
      } else if (desired.required()) {
        return REJECTED;
      }
    }
    return total;
  }

  static boolean meets(LabelValue actual, DesiredLabel desired) {
    boolean strings = desired.stringValue() != null && actual.stringValue() != null;
    boolean ints = desired.intValue() != null && actual.intValue() != null;
    return switch (desired.comparator()) {
      case "EQUAL" -> strings && desired.stringValue().equals(actual.stringValue())
          || ints && desired.intValue().equals(actual.intValue());
      case "NOT_EQUAL" -> strings && !desired.stringValue().equals(actual.stringValue())
          || ints && !desired.intValue().equals(actual.intValue());
      case "GREATER_THAN" -> ints && actual.intValue() > desired.intValue();
      case "GREATER_THAN_OR_EQUAL" -> ints && actual.intValue() >= desired.intValue();
      case "LESS_THAN" -> ints && actual.intValue() < desired.intValue();
      case "LESS_THAN_OR_EQUAL" -> ints && actual.intValue() <= desired.intValue();
      default -> false;
    };
  }
}
