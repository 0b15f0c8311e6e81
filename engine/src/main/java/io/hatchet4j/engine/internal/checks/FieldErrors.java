package io.hatchet4j.engine.internal.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects field problems and words them as upstream's request validator does, so our answers
 * read like the real engine's: one line per problem, numbered from 0, under a fixed heading.
 *
 * <p>A field is named by its path in upstream's Go option struct (for example
 * {@code CreateWorkflowVersionOpts.Tasks[0].RetryBackoffFactor}), because that is what upstream
 * prints. A rule with a parameter shows it and the rejected value; upstream shows a value only when
 * it is a Go {@code int} or {@code string} and says {@code invalid type} for anything else (an
 * {@code int32}, a float), which {@link #INVALID_TYPE} stands for. Not public API.
 */
public final class FieldErrors {
  static final String HEADING = "Validation failed with the following errors:\n";
  /** What upstream shows for a value of a type it does not print. */
  static final String INVALID_TYPE = "invalid type";

  static final String HATCHET_NAME = "Hatchet names must match the regex ^[a-zA-Z0-9\\.\\-_]+$";
  static final String ACTION_ID = "Invalid action ID. Action IDs must be in the format <integrationId>:<verb>";
  static final String CRON = "Invalid cron expression";
  static final String DURATION = "Invalid duration. Durations must be one or more <number><unit> components, "
      + "where unit is one of: 'ms', 's', 'm', 'h'. For example: '10s', '1h30m', '1.5h'";
  static final String CEL = "Invalid CEL expression";

  private final List<String> lines = new ArrayList<>();

  /** A failed rule with no parameter, such as {@code required}. */
  void condition(String field, String rule) {
    lines.add("validation failed on field '" + field + "': on condition '" + rule + "'");
  }

  /** A failed rule with a parameter, such as {@code min=1}; {@code shownValue} as {@link #intValue} etc. make it. */
  void condition(String field, String rule, String param, String shownValue) {
    lines.add("validation failed on field '" + field + "': on condition '" + rule + "' [ " + param + " ]: got "
        + shownValue);
  }

  /** A failed custom rule, which upstream words with a fixed sentence (such as {@link #DURATION}). */
  void custom(String field, String sentence) {
    lines.add("validation failed on field '" + field + "': " + sentence);
  }

  static String intValue(long value) {
    return Long.toString(value);
  }

  static String stringValue(String value) {
    return "'" + value + "'";
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /** The whole answer, as upstream's validation errors print. */
  String text() {
    StringBuilder out = new StringBuilder(HEADING);
    for (int i = 0; i < lines.size(); i++) {
      out.append(i).append(": ").append(lines.get(i)).append('\n');
    }
    return out.toString();
  }

  /**
   * The same problems as upstream's plain (non-API) validation words them: a 400 error around a
   * list of the problems.
   */
  String plainText() {
    StringBuilder out = new StringBuilder("error 400: ");
    if (lines.size() == 1) {
      out.append("1 error occurred:\n\t* ").append(lines.get(0)).append("\n\n");
    } else {
      out.append(lines.size()).append(" errors occurred:\n\t");
      for (int i = 0; i < lines.size(); i++) {
        if (i > 0) {
          out.append("\n\t");
        }
        out.append("* ").append(lines.get(i));
      }
      out.append("\n\n");
    }
    return out.toString();
  }
}
