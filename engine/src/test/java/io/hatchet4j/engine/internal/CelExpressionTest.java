package io.hatchet4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CelExpressionTest {
  private static final Set<String> VARIABLES = Set.of("input", "payload");
  private static final JsonNode ORDER = Json.parseTrusted(
      "{\"orderId\":\"o-1\",\"cents\":2599,\"paid\":true,\"customer\":{\"tier\":\"gold\"},\"tags\":[\"a\",\"b\"],\"note\":null}");

  private static boolean eval(String expression) {
    return CelExpression.compile(expression, VARIABLES).matches(Map.of("input", ORDER, "payload", ORDER));
  }

  @Test
  void comparesFieldsWithLiterals() {
    assertThat(eval("input.orderId == 'o-1'")).isTrue();
    assertThat(eval("input.orderId == \"o-2\"")).isFalse();
    assertThat(eval("input.orderId != 'o-2'")).isTrue();
    assertThat(eval("input.cents > 2000 && input.cents <= 2599")).isTrue();
    assertThat(eval("input.cents >= 2600")).isFalse();
    assertThat(eval("input.cents == 2599.0")).isTrue();
    assertThat(eval("payload.customer.tier == 'gold'")).isTrue();
    assertThat(eval("input['customer']['tier'] < 'h'")).isTrue();
    assertThat(eval("input.paid")).isTrue();
    assertThat(eval("input.note == null")).isTrue();
  }

  @Test
  void combinesWithLogicAndParentheses() {
    assertThat(eval("!(input.cents < 100) && (input.paid || input.orderId == 'x')")).isTrue();
    assertThat(eval("input.paid && !input.paid")).isFalse();
    assertThat(eval("input.customer.tier in ['gold', 'silver']")).isTrue();
    assertThat(eval("'b' in input.tags")).isTrue();
    assertThat(eval("'tier' in input.customer")).isTrue();
  }

  @Test
  void missingFieldsAndMismatchedKindsAreFalseNotErrors() {
    assertThat(eval("input.missing.deeper == 'x'")).isFalse();
    assertThat(eval("input.orderId > 5")).isFalse();
    assertThat(eval("input.cents")).as("a number is not true").isFalse();
  }

  @Test
  void unsupportedSyntaxIsRejectedNamingTheExpression() {
    assertThatThrownBy(() -> CelExpression.compile("size(input.tags) > 1", VARIABLES))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("size(input.tags) > 1")
        .hasMessageContaining("function calls");
    assertThatThrownBy(() -> CelExpression.compile("input.orderId.startsWith('o')", VARIABLES))
        .hasMessageContaining("method calls");
    assertThatThrownBy(() -> CelExpression.compile("input.cents + 1 > 2", VARIABLES)).hasMessageContaining("unexpected");
    assertThatThrownBy(() -> CelExpression.compile("user.id == 1", VARIABLES)).hasMessageContaining("unknown variable 'user'");
    assertThatThrownBy(() -> CelExpression.compile("input.orderId == 'open", VARIABLES)).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> CelExpression.compile("(input.paid", VARIABLES)).hasMessageContaining("expected ')'");
    assertThat(((EngineException) catchError("input.x ==")).kind()).isEqualTo(EngineException.Kind.INVALID_ARGUMENT);
  }

  private static Throwable catchError(String expression) {
    try {
      CelExpression.compile(expression, VARIABLES);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void refusesExpressionsLongerThanTheLimitNamingIt() {
    String longest = "input.orderId == '" + "x".repeat(CelExpression.MAX_LENGTH - 19) + "'";
    assertThat(longest).hasSize(CelExpression.MAX_LENGTH);
    assertThat(eval(longest)).isFalse();

    assertThatThrownBy(() -> eval(longest + " "))
        .isInstanceOf(EngineException.class)
        .hasMessage("expression is longer than 4096 characters (4097)");
  }

  @Test
  void refusesExpressionsNestedDeeperThanTheLimitNamingIt() {
    int limit = CelExpression.MAX_DEPTH;
    assertThat(eval("(".repeat(limit) + "input.paid" + ")".repeat(limit))).isTrue();
    assertThat(eval("!".repeat(limit) + "input.paid")).isTrue();
    assertThat(eval("input.orderId in " + "[".repeat(limit) + "'o-1'" + "]".repeat(limit))).isFalse();

    for (String tooDeep : new String[] {
        "(".repeat(limit + 1) + "input.paid" + ")".repeat(limit + 1),
        "(".repeat(2000) + "true" + ")".repeat(2000),
        "!".repeat(limit + 1) + "input.paid",
        "input.orderId in " + "[".repeat(limit + 1) + "'o-1'" + "]".repeat(limit + 1),
        "(".repeat(2000)}) {
      assertThatThrownBy(() -> eval(tooDeep))
          .isInstanceOf(EngineException.class)
          .hasMessage("expression nests deeper than 64 levels");
    }
  }

  @Test
  void longChainsWithinTheLengthLimitStillEvaluate() {
    // No nesting, but the deepest trees the length limit allows.
    String conjunction = "input.paid" + " && input.paid".repeat(290);
    assertThat(eval(conjunction)).isTrue();
    String path = "input" + ".a".repeat(2000);
    assertThat(eval(path + " == null")).isTrue();
  }
}
