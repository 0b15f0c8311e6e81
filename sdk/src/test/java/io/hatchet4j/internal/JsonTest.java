package io.hatchet4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  private final ObjectMapper mapper = Json.defaultMapper();

  record Payload(String name, Instant at) {}

  @Test
  void objectsSerializeAndNullBecomesEmptyObject() {
    assertThat(Json.text(Json.toObject(mapper, new Payload("a", Instant.parse("2026-01-01T00:00:00Z")), "x")))
        .isEqualTo("{\"name\":\"a\",\"at\":\"2026-01-01T00:00:00Z\"}");
    assertThat(Json.text(Json.toObject(mapper, null, "x"))).isEqualTo("{}");
  }

  @Test
  void nonObjectsAreRejectedNamingWhatWasWrong() {
    assertThatThrownBy(() -> Json.toObject(mapper, List.of(1), "task output"))
        .hasMessageContaining("task output must serialize to a JSON object")
        .hasMessageContaining("array");
    assertThatThrownBy(() -> Json.toObject(mapper, "text", "workflow input")).hasMessageContaining("string");
  }

  @Test
  void metadataParsingNeverFails() {
    assertThat(Json.parseMetadata(null)).isEmpty();
    assertThat(Json.parseMetadata("not json")).isEmpty();
    assertThat(Json.parseMetadata("[1]")).isEmpty();
    assertThat(Json.parseMetadata("{\"a\":\"b\",\"n\":3,\"o\":{\"x\":1},\"z\":null}"))
        .containsEntry("a", "b")
        .containsEntry("n", "3")
        .containsEntry("o", "{\"x\":1}")
        .doesNotContainKey("z");
  }

  @Test
  void durationsUseTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
  }
}
