package io.hatchet4j.engine.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A cron schedule in UTC: the standard five fields (minute, hour, day of month, month, day of
 * week) or six with a leading seconds field, our extension for sub-minute schedules.
 *
 * <p>Each field takes {@code *}, numbers, lists ({@code 1,15}), ranges ({@code 1-5}) and steps
 * ({@code *}{@code /15}, {@code 10-30/5}, {@code 5/10}); months and weekdays also take names
 * ({@code JAN}, {@code MON-FRI}); Sunday is 0 or 7. As in Vixie cron, when both day of month and
 * day of week are restricted a day matching either one fires. The macros {@code @yearly},
 * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight} and {@code @hourly} are
 * accepted too. Immutable and thread-safe. Not public API.
 */
public final class CronExpression {
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  /** How far ahead {@link #next} looks before deciding a schedule never fires (such as Feb 30). */
  private static final int SEARCH_YEARS = 8;

  private final String text;
  private final boolean hasSeconds;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;

  private CronExpression(String text, String[] fields) {
    this.text = text;
    this.hasSeconds = fields.length == 6;
    int i = 0;
    this.seconds = hasSeconds ? field(fields[i++], "second", 0, 59, null) : single(0);
    this.minutes = field(fields[i++], "minute", 0, 59, null);
    this.hours = field(fields[i++], "hour", 0, 23, null);
    String dom = fields[i++];
    this.daysOfMonth = field(dom, "day of month", 1, 31, null);
    this.months = field(fields[i++], "month", 1, 12, MONTHS);
    String dow = fields[i];
    BitSet weekdays = field(dow, "day of week", 0, 7, DAYS);
    if (weekdays.get(7)) {
      weekdays.set(0);
      weekdays.clear(7);
    }
    this.daysOfWeek = weekdays;
    this.dayOfMonthRestricted = !isWildcard(dom);
    this.dayOfWeekRestricted = !isWildcard(dow);
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException with the reason if it is not a valid expression
   */
  public static CronExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("cron expression is empty");
    }
    String text = expression.strip();
    String expanded = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    if (expanded.startsWith("@")) {
      throw new IllegalArgumentException("unknown cron macro '" + text + "'");
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5 && fields.length != 6) {
      throw new IllegalArgumentException("cron expression '" + text + "' has " + fields.length
          + " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (with leading seconds)");
    }
    return new CronExpression(text, fields);
  }

  /** Whether the expression has the leading seconds field. */
  public boolean hasSeconds() {
    return hasSeconds;
  }

  /** The first time strictly after {@code after} that the schedule fires, or null if it never does. */
  @Nullable
  public Instant next(Instant after) {
    LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    if (!hasSeconds && t.getSecond() != 0) {
      t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    }
    int lastYear = t.getYear() + SEARCH_YEARS;
    while (t.getYear() <= lastYear) {
      if (!months.get(t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
      } else if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
      } else {
        return t.toInstant(ZoneOffset.UTC);
      }
    }
    return null;
  }

  private boolean dayMatches(LocalDate date) {
    boolean dom = daysOfMonth.get(date.getDayOfMonth());
    boolean dow = daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  @Override
  public String toString() {
    return text;
  }

  private static boolean isWildcard(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static BitSet single(int value) {
    BitSet bits = new BitSet();
    bits.set(value);
    return bits;
  }

  private static BitSet field(String field, String name, int min, int max, @Nullable String[] names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : field.split(",", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(name + " field '" + field + "' has an empty list item");
      }
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), name, "step", null);
        if (step < 1) {
          throw new IllegalArgumentException(name + " field '" + field + "': step must be at least 1");
        }
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else {
        int dash = range.indexOf('-', 1);
        from = number(dash < 0 ? range : range.substring(0, dash), name, "value", names);
        to = dash < 0 ? (slash >= 0 ? max : from) : number(range.substring(dash + 1), name, "value", names);
      }
      if (from < min || from > max || to < min || to > max) {
        throw new IllegalArgumentException(
            name + " field '" + field + "': values must be between " + min + " and " + max);
      }
      if (from > to) {
        throw new IllegalArgumentException(name + " field '" + field + "': range " + range + " runs backwards");
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String text, String field, String what, @Nullable String[] names) {
    if (names != null) {
      String upper = text.toUpperCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(upper)) {
          // Months are named from 1, weekdays from 0 (Sunday).
          return names.length == 12 ? i + 1 : i;
        }
      }
    }
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 4) {
      throw new IllegalArgumentException(field + " field: '" + text + "' is not a valid " + what);
    }
    return Integer.parseInt(text);
  }
}
