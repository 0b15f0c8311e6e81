package io.hatchet4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
  private static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  @Test
  void acceptsObjectsNestedUpToTheLimit() {
    assertThat(Json.requireObject(nested(Json.MAX_DEPTH), "input")).startsWith("{\"a\":{\"a\":");
  }

  @Test
  void reportsJsonNestedDeeperThanTheLimitAsSuch() {
    assertThatThrownBy(() -> Json.requireObject(nested(Json.MAX_DEPTH + 1), "input"))
        .isInstanceOf(EngineException.class)
        .hasMessage("input nests deeper than 256 levels");
    assertThatThrownBy(() -> Json.requireObject("[".repeat(100_000), "payload"))
        .isInstanceOf(EngineException.class)
        .hasMessage("payload nests deeper than 256 levels");
  }

  @Test
  void stillReportsOtherTextAsNotAnObject() {
    assertThatThrownBy(() -> Json.requireObject("[1]", "input"))
        .isInstanceOf(EngineException.class)
        .hasMessage("input must be a JSON object");
    assertThatThrownBy(() -> Json.requireObject("{", "input"))
        .isInstanceOf(EngineException.class)
        .hasMessage("input must be a JSON object");
  }
}
