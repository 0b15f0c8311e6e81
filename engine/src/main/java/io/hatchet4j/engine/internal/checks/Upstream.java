package io.hatchet4j.engine.internal.checks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hatchet4j.engine.internal.CronExpression;
import io.hatchet4j.engine.internal.EngineException;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The value rules upstream's validator applies (names, action ids, durations, crons, UUIDs), and
 * its generic server error. Not public API.
 */
public final class Upstream {
  /** What upstream answers, with INTERNAL, for an error that is not a gRPC status. */
  public static final String INTERNAL_ERROR_TEXT = "An internal error occurred.";

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9.\\-_]+$");
  private static final Pattern DURATION = Pattern.compile("^(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ms|s|m|h))+$");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ms|s|m|h)");
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private Upstream() {}

  /** INTERNAL with upstream's generic text; {@code reason} goes to the engine's log only. */
  public static EngineException internal(String reason) {
    return EngineException.internal(INTERNAL_ERROR_TEXT, reason);
  }

  /** Upstream's {@code hatchetName}: letters, digits, dot, dash and underscore, at least one. */
  public static boolean isName(String text) {
    return NAME.matcher(text).matches();
  }

  /**
   * Why upstream cannot split an action id into service and verb, or null if it can: two or three
   * colon-separated parts.
   */
  @Nullable
  public static String actionParseError(String action) {
    int parts = action.split(":", -1).length;
    return parts < 2 || parts > 3
        ? "invalid action id " + action + ", must have at least 2 strings separated : (colon)"
        : null;
  }

  /** Upstream's {@code actionId}: it parses, and both service and verb are non-empty. */
  public static boolean isActionId(String action) {
    if (actionParseError(action) != null) {
      return false;
    }
    String[] parts = action.split(":", -1);
    return !parts[0].isEmpty() && !parts[1].isEmpty();
  }

  /**
   * Upstream's {@code duration}: one or more number-unit parts with units ms, s, m or h, no sign, no
   * bare number, and not longer than Go's duration range.
   */
  public static boolean isDuration(String text) {
    if (!DURATION.matcher(text).matches()) {
      return false;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = DURATION_PART.matcher(text);
    while (m.find()) {
      String number = m.group(1);
      BigDecimal value = new BigDecimal(number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number : number);
      long unit = switch (m.group(2)) {
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(value.multiply(BigDecimal.valueOf(unit)));
    }
    return nanos.compareTo(MAX_NANOS) <= 0;
  }

  /**
   * Upstream's {@code cron}: five fields, or six with leading seconds; {@code ?} means any day.
   * Macros such as {@code @daily} are refused, as upstream's parser is built without them.
   */
  public static boolean isCron(String text) {
    String s = text.strip();
    if (s.isEmpty() || s.startsWith("@")) {
      return false;
    }
    try {
      CronExpression.parse(s.replace('?', '*'));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Why Go's UUID parser refuses {@code text}, in its words, or null if it accepts it: the
   * hyphenated form, optionally in braces or after {@code urn:uuid:}, or 32 hex digits.
   */
  @Nullable
  public static String uuidError(String text) {
    int length = text.getBytes(UTF_8).length;
    String s = text;
    switch (length) {
      case 36:
        break;
      case 45:
        if (!s.substring(0, 9).equalsIgnoreCase("urn:uuid:")) {
          return "invalid urn prefix: \"" + s.substring(0, 9) + "\"";
        }
        s = s.substring(9);
        break;
      case 38:
        s = s.substring(1);
        break;
      case 32:
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? null : "invalid UUID format";
      default:
        return "invalid UUID length: " + length;
    }
    if (s.length() < 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      return "invalid UUID format";
    }
    for (int i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      if (Character.digit(s.charAt(i), 16) < 0) {
        return "invalid UUID format";
      }
    }
    return null;
  }
}
