package io.hatchet4j.engine.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations in the Go notation the SDKs send ({@code 60s}, {@code 5m},
 * {@code 1h30m}, {@code 1.5s}, {@code 250ms}). Not public API.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");

  private Durations() {}

  /**
   * Parses a Go duration string. A bare integer is read as seconds, which some SDK versions send.
   *
   * @throws EngineException INVALID_ARGUMENT naming {@code field} if the text is not a duration
   */
  public static Duration parse(String text, String field) {
    String s = text.strip();
    if (BARE_NUMBER.matcher(s).matches()) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = PART.matcher(s);
    int end = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find() && m.start() == end) {
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw EngineException.invalidArgument(
          field + " '" + text + "' is not a duration (examples: 30s, 5m, 1h30m)");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** Formats a duration compactly in the same notation, such as {@code 1h30m} or {@code 250ms}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.length() == 0 ? duration.toNanos() + "ns" : out.toString();
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "µs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      default:
        return 3_600_000_000_000L;
    }
  }
}
