package io.hatchet4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
  private static Instant next(String expression, String after) {
    return CronExpression.parse(expression).next(Instant.parse(after));
  }

  @Test
  void fiveFieldsFireOnTheMinute() {
    assertThat(next("* * * * *", "2024-05-01T10:15:30Z")).isEqualTo("2024-05-01T10:16:00Z");
    assertThat(next("30 9 * * *", "2024-05-01T10:15:30Z")).isEqualTo("2024-05-02T09:30:00Z");
    assertThat(next("0 0 1 1 *", "2024-05-01T00:00:00Z")).isEqualTo("2025-01-01T00:00:00Z");
  }

  @Test
  void stepsRangesAndLists() {
    assertThat(next("*/15 * * * *", "2024-05-01T10:16:00Z")).isEqualTo("2024-05-01T10:30:00Z");
    assertThat(next("10-20/5 * * * *", "2024-05-01T10:16:00Z")).isEqualTo("2024-05-01T10:20:00Z");
    assertThat(next("5/20 * * * *", "2024-05-01T10:26:00Z")).isEqualTo("2024-05-01T10:45:00Z");
    assertThat(next("0 8,17 * * *", "2024-05-01T09:00:00Z")).isEqualTo("2024-05-01T17:00:00Z");
  }

  @Test
  void namesOfMonthsAndWeekdays() {
    // 2024-05-03 is a Friday; the next weekday morning is Monday the 6th.
    assertThat(next("0 9 * * MON-FRI", "2024-05-03T10:00:00Z")).isEqualTo("2024-05-06T09:00:00Z");
    assertThat(next("0 0 1 jan *", "2024-05-01T00:00:00Z")).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(next("0 0 * * 7", "2024-05-01T00:00:00Z")).isEqualTo("2024-05-05T00:00:00Z");
    assertThat(next("@daily", "2024-05-01T10:00:00Z")).isEqualTo("2024-05-02T00:00:00Z");
  }

  @Test
  void restrictedDayOfMonthAndWeekdayMatchEither() {
    // The 13th, or any Friday: 2024-05-03 is a Friday.
    assertThat(next("0 0 13 * FRI", "2024-05-01T00:00:00Z")).isEqualTo("2024-05-03T00:00:00Z");
  }

  @Test
  void sixFieldsHaveLeadingSeconds() {
    CronExpression everySecond = CronExpression.parse("*/1 * * * * *");
    assertThat(everySecond.hasSeconds()).isTrue();
    assertThat(everySecond.next(Instant.parse("2024-05-01T10:15:30.400Z"))).isEqualTo("2024-05-01T10:15:31Z");
    assertThat(next("*/10 * * * * *", "2024-05-01T10:15:31Z")).isEqualTo("2024-05-01T10:15:40Z");
    assertThat(next("30 0 12 * * *", "2024-05-01T12:00:31Z")).isEqualTo("2024-05-02T12:00:30Z");
  }

  @Test
  void aScheduleThatNeverFiresHasNoNextTime() {
    assertThat(next("0 0 30 2 *", "2024-05-01T00:00:00Z")).isNull();
  }

  @Test
  void invalidExpressionsSayWhy() {
    assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("has 3 fields");
    assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).hasMessageContaining("minute").hasMessageContaining("0 and 59");
    assertThatThrownBy(() -> CronExpression.parse("* * * 13 *")).hasMessageContaining("month");
    assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("step");
    assertThatThrownBy(() -> CronExpression.parse("5-1 * * * *")).hasMessageContaining("backwards");
    assertThatThrownBy(() -> CronExpression.parse("* * * * FUNDAY")).hasMessageContaining("FUNDAY");
    assertThatThrownBy(() -> CronExpression.parse("@sometimes")).hasMessageContaining("macro");
    assertThatThrownBy(() -> CronExpression.parse(" ")).hasMessageContaining("empty");
  }
}
