package io.hatchet4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsGoDurations() {
    assertThat(Durations.parse("60s", "t")).isEqualTo(Duration.ofSeconds(60));
    assertThat(Durations.parse("5m", "t")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m", "t")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5s", "t")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("250ms", "t")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2m30s", "t")).isEqualTo(Duration.ofSeconds(150));
    assertThat(Durations.parse("30", "t")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void namesTheFieldOfABadDuration() {
    assertThatThrownBy(() -> Durations.parse("soon", "task 'a' timeout"))
        .isInstanceOf(EngineException.class)
        .hasMessage("task 'a' timeout 'soon' is not a duration (examples: 30s, 5m, 1h30m)");
    assertThatThrownBy(() -> Durations.parse("5x", "t")).isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> Durations.parse("", "t")).isInstanceOf(EngineException.class);
  }

  @Test
  void formatsCompactly() {
    assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300ms");
  }
}
