package io.hatchet4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CelExpressionTest {
  private static final Set<String> VARIABLES = Set.of("input", "payload");
  private static final JsonNode ORDER = Json.parseTrusted(
      "{\"orderId\":\"o-1\",\"cents\":2599,\"paid\":true,\"customer\":{\"tier\":\"gold\"},\"tags\":[\"a\",\"b\"],\"note\":null}");
  /** The variables of upstream's workflow-run environment, for keys. */
  private static final Map<String, JsonNode> RUN = Map.of(
      "input", Json.parseTrusted("{\"group\":\"g1\",\"id\":\"o-1\",\"n\":3,\"big\":1234567,\"units\":2.9,"
          + "\"custom\":{\"value\":\"checksum this\"}}"),
      "additional_metadata", Json.parseTrusted("{\"tenant\":\"t1\"}"),
      "workflow_run_id", Json.mapper().getNodeFactory().textNode("run-1"),
      "parents", Json.parseTrusted("{\"first\":{\"count\":5,\"user\":\"ada\"}}"));

  private static boolean eval(String expression) {
    return CelExpression.compile(expression, VARIABLES).matches(Map.of("input", ORDER, "payload", ORDER));
  }

  private static String key(String expression) {
    return CelExpression.compile(expression, CelExpression.WORKFLOW_RUN_VARIABLES).evaluateString(RUN);
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
  void missingFieldsMismatchedKindsAndNonBooleansDoNotMatch() {
    assertThat(eval("input.missing.deeper == 'x'")).isFalse();
    assertThat(eval("input.orderId > 5")).isFalse();
    assertThat(eval("input.cents")).as("a number is not true").isFalse();
    assertThat(eval("has(input.missing) || input.orderId == 'o-1'")).isTrue();
  }

  @Test
  void theWholeLanguageUpstreamAccepts() {
    assertThat(eval("size(input.tags) == 2 && size(input.orderId) == 3")).isTrue();
    assertThat(eval("input.tags.exists(t, t == 'b') && input.tags.all(t, size(t) == 1)")).isTrue();
    assertThat(eval("input.tags.exists_one(t, t == 'a')")).isTrue();
    assertThat(eval("input.tags.map(t, t + '!') == ['a!', 'b!']")).isTrue();
    assertThat(eval("input.tags.filter(t, t != 'a') == ['b']")).isTrue();
    assertThat(eval("(input.paid ? 'yes' : 'no') == 'yes'")).isTrue();
    assertThat(eval("input.cents / 100.0 > 25.0 && int(input.cents) % 100 == 99")).isTrue();
    assertThat(eval("input.orderId.startsWith('o-') && input.orderId.upperAscii() == 'O-1'")).isTrue();
    assertThat(eval("input.orderId.matches('^o-[0-9]+$')")).isTrue();
    assertThat(eval("{'a': 1}['a'] == 1 && [1, 2, 3][1] == 2")).isTrue();
    assertThat(eval("input.customer == {'tier': 'gold'} && input.tags + ['c'] == ['a', 'b', 'c']")).isTrue();
    assertThat(eval("input.customer.exists(k, k == 'tier') && !('x' in input.customer)")).isTrue();
  }

  @Test
  void concurrencyKeysAreStringsAsUpstreamComputesThem() {
    assertThat(key("input.group")).isEqualTo("g1");
    assertThat(key("additional_metadata.tenant + \"-\" + input.id")).isEqualTo("t1-o-1");
    assertThat(key("input.custom.value + workflow_run_id")).isEqualTo("checksum thisrun-1");
    assertThat(key("has(input.custom.value) ? input.custom.value : 'default'")).isEqualTo("checksum this");
    assertThat(key("has(input.other) ? input.other.value : 'default'")).isEqualTo("default");
    // JSON numbers are doubles, written as Go writes them.
    assertThat(key("string(input.n)")).isEqualTo("3");
    assertThat(key("string(input.big)")).isEqualTo("1.234567e+06");
    assertThat(key("string(int(input.big))")).isEqualTo("1234567");

    assertThatThrownBy(() -> key("input.n"))
        .isInstanceOf(EngineException.class)
        .hasMessage("expression 'input.n': output must evaluate to a string: got double");
    assertThatThrownBy(() -> key("input.n > 1")).hasMessageEndingWith("got bool");
    assertThatThrownBy(() -> key("null")).hasMessageEndingWith("got null_type");
    assertThatThrownBy(() -> key("input.custom")).hasMessageEndingWith("got map");
    assertThatThrownBy(() -> key("[input.n]")).hasMessageEndingWith("got list");
    assertThatThrownBy(() -> key("input.n + 1"))
        .as("double + int has no overload, in cel-go either")
        .hasMessageStartingWith("expression 'input.n + 1' cannot be evaluated: ");
  }

  @Test
  void checksumIsTheHexSha256UpstreamComputes() {
    // Upstream's own test vector (internal/cel/cel_test.go).
    String expected = "97e9269cd0514f864e6be9157998464c94776ebc7f669b449f581abdad4035f5";
    assertThat(key("checksum(input.custom.value)")).isEqualTo(expected);
    assertThat(key("input.custom.value.checksum()")).isEqualTo(expected);
    assertThat(key("checksum('')")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThatThrownBy(() -> key("checksum(input.missing_key)")).hasMessageContaining("cannot be evaluated");
    assertThatThrownBy(() -> CelExpression.compile("checksum(1)", CelExpression.WORKFLOW_RUN_VARIABLES))
        .hasMessageContaining("found no matching overload for 'checksum'");
  }

  @Test
  void rateLimitUnitsAreWholeNumbers() {
    CelExpression units = CelExpression.compile("int(input.units)", CelExpression.STEP_RUN_VARIABLES);
    assertThat(units.evaluateLong(RUN)).isEqualTo(2);
    assertThat(CelExpression.compile("input.units", CelExpression.STEP_RUN_VARIABLES).evaluateLong(RUN))
        .as("a double is cut toward zero, as upstream's int(float64)").isEqualTo(2);
    assertThat(CelExpression.compile("int(parents.first.count) * 2", CelExpression.STEP_RUN_VARIABLES).evaluateLong(RUN))
        .isEqualTo(10);
    assertThat(CelExpression.compile("'user-' + parents.first.user", CelExpression.STEP_RUN_VARIABLES)
        .evaluateString(RUN)).isEqualTo("user-ada");
    assertThatThrownBy(() -> CelExpression.compile("input.group", CelExpression.STEP_RUN_VARIABLES).evaluateLong(RUN))
        .isInstanceOf(EngineException.class)
        .hasMessage("expression 'input.group': output must evaluate to an integer: got string");
    assertThatThrownBy(() -> CelExpression.compile("parents.first.user", CelExpression.WORKFLOW_RUN_VARIABLES))
        .hasMessageContaining("undeclared reference to 'parents'");
  }

  @Test
  void evaluateReturnsTheValueAsJson() {
    CelExpression value = CelExpression.compile(
        "{'key': additional_metadata.tenant, 'n': int(input.n), 'half': input.n / 2.0, 'list': [true, null], 'raw': b'hi'}",
        CelExpression.WORKFLOW_RUN_VARIABLES);
    assertThat(value.evaluate(RUN).toString())
        .isEqualTo("{\"key\":\"t1\",\"n\":3,\"half\":1.5,\"list\":[true,null],\"raw\":\"aGk=\"}");
    assertThat(CelExpression.compile("input.custom", CelExpression.WORKFLOW_RUN_VARIABLES).evaluate(RUN))
        .isEqualTo(RUN.get("input").get("custom"));
  }

  @Test
  void eventFiltersSeeTheEventAndTheFilterPayload() {
    Map<String, JsonNode> event = Map.of(
        "input", Json.parseTrusted("{\"amount\":500,\"tags\":[\"a\"]}"),
        "payload", Json.parseTrusted("{\"min\":100}"),
        "additional_metadata", Json.parseTrusted("{\"source\":\"signup\"}"),
        "event_key", Json.mapper().getNodeFactory().textNode("order:placed"),
        "event_id", Json.mapper().getNodeFactory().textNode("e-1"));
    for (String holds : new String[] {
        "input.amount > payload.min && event_key == 'order:placed'", "additional_metadata.source == 'signup'",
        "input.tags.exists(t, t == 'a')", "event_key.startsWith('order:') && event_id == 'e-1'"}) {
      assertThat(CelExpression.compile(holds, CelExpression.EVENT_VARIABLES).matches(event)).as(holds).isTrue();
    }
    // Upstream declares checksum for events without implementing it: it compiles and never holds.
    CelExpression checksum = CelExpression.compile("checksum(event_key) != ''", CelExpression.EVENT_VARIABLES);
    assertThat(checksum.matches(event)).isFalse();
    assertThatThrownBy(() -> checksum.evaluate(event)).hasMessageContaining("checksum");
    assertThatThrownBy(() -> CelExpression.compile("workflow_run_id == ''", CelExpression.EVENT_VARIABLES))
        .hasMessageContaining("undeclared reference to 'workflow_run_id'");
  }

  @Test
  void conditionsSeeInputAndOutputOnly() {
    Map<String, JsonNode> parentDone = Map.of("input", Json.newObject(),
        "output", Json.parseTrusted("{\"random_number\":73}"));
    assertThat(CelExpression.compile("output.random_number > 50", CelExpression.CONDITION_VARIABLES).matches(parentDone))
        .isTrue();
    assertThat(CelExpression.compile("output.random_number <= 50", CelExpression.CONDITION_VARIABLES)
        .matches(parentDone)).isFalse();
    assertThat(CelExpression.compile(" ", CelExpression.CONDITION_VARIABLES).matches(parentDone))
        .as("a blank condition holds, as upstream's").isTrue();
    for (String refused : new String[] {"payload.x == 1", "checksum('a') == ''", "event_key == 'k'"}) {
      assertThatThrownBy(() -> CelExpression.compile(refused, CelExpression.CONDITION_VARIABLES))
          .as(refused).hasMessageContaining("undeclared reference");
    }
  }

  @Test
  void grammarNameAndTypeErrorsAreRefusedNamingTheExpression() {
    assertThatThrownBy(() -> CelExpression.compile("user.id == 1", VARIABLES))
        .isInstanceOf(EngineException.class)
        .hasMessage("invalid expression 'user.id == 1': 1:1: undeclared reference to 'user' (in container '')");
    assertThatThrownBy(() -> CelExpression.compile("'a' + 1 == 'a1'", VARIABLES))
        .hasMessageContaining("found no matching overload for '_+_' applied to '(string, int)'");
    assertThatThrownBy(() -> CelExpression.compile("input.orderId == 'open", VARIABLES))
        .hasMessageStartingWith("invalid expression 'input.orderId == 'open': ");
    assertThatThrownBy(() -> CelExpression.compile("(input.paid", VARIABLES))
        .hasMessage("invalid expression '(input.paid': 1:12: missing ')' at '<EOF>'");
    assertThatThrownBy(() -> CelExpression.compile("input.a = 1", VARIABLES)).hasMessageContaining("invalid expression");
    assertThatThrownBy(() -> CelExpression.compile("", VARIABLES)).hasMessage("expression is empty");
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
    assertThat(eval("input.orderId != '" + "([{!".repeat(500) + "'")).as("brackets in a string do not nest").isTrue();

    for (String tooDeep : new String[] {
        "(".repeat(limit + 1) + "input.paid" + ")".repeat(limit + 1),
        "(".repeat(2000) + "true" + ")".repeat(2000),
        "!".repeat(limit + 1) + "input.paid",
        "!(".repeat(limit / 2 + 1) + "true" + ")".repeat(limit / 2 + 1),
        "input.orderId in " + "[".repeat(limit + 1) + "'o-1'" + "]".repeat(limit + 1),
        "input.orderId in " + "[".repeat(2000) + "]".repeat(2000),
        "{'a': ".repeat(500) + "1" + "}".repeat(500),
        "(".repeat(2000)}) {
      assertThatThrownBy(() -> eval(tooDeep))
          .isInstanceOf(EngineException.class)
          .hasMessage("expression nests deeper than 64 levels");
    }
  }

  @Test
  void longChainsWithinTheLimitsEvaluateAndDeeperOnesAreRefusedByTheLibrary() {
    String conjunction = "input.paid" + " && input.paid".repeat(290);
    assertThat(eval(conjunction)).isTrue();
    assertThat(eval("input" + ".a".repeat(200) + " == null")).as("a missing field fails, and so does not match")
        .isFalse();
    for (String tooLong : new String[] {"input" + ".a".repeat(2000) + " == null", "1" + " + 1".repeat(1000) + " > 0"}) {
      assertThatThrownBy(() -> eval(tooLong))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("recursion limit exceeded");
    }
  }

  @Test
  void aComprehensionStopsAfterItsIterationBudget() {
    ObjectNode input = Json.newObject();
    ArrayNode items = input.putArray("items");
    IntStream.range(0, 100_001).forEach(items::add);
    CelExpression anyNegative = CelExpression.compile("input.items.exists(x, x < 0)", VARIABLES);
    assertThat(anyNegative.matches(Map.of("input", input))).isFalse();
    assertThatThrownBy(() -> anyNegative.evaluate(Map.of("input", input)))
        .hasMessageContaining("Iteration budget exceeded: 100000");
    items.remove(0);
    assertThat(anyNegative.evaluate(Map.of("input", input)).asBoolean(true)).isFalse();
  }

  @Test
  void oneCompiledExpressionServesManyThreads() {
    String text = "input.group + '-' + string(input.n)";
    CelExpression expression = CelExpression.compile(text, CelExpression.WORKFLOW_RUN_VARIABLES);
    assertThat(CelExpression.compile(text, Set.copyOf(CelExpression.WORKFLOW_RUN_VARIABLES)))
        .as("compiled once, then reused").isSameAs(expression);
    assertThat(IntStream.range(0, 2000).parallel().allMatch(i -> expression.evaluateString(Map.of(
        "input", Json.parseTrusted("{\"group\":\"g" + i + "\",\"n\":" + i + "}"))).equals("g" + i + "-" + i)))
        .isTrue();
  }

  @Test
  void doublesAreWrittenAsGoWritesThem() {
    assertThat(CelValues.goFormat(3.0)).isEqualTo("3");
    assertThat(CelValues.goFormat(-2.5)).isEqualTo("-2.5");
    assertThat(CelValues.goFormat(123456.0)).isEqualTo("123456");
    assertThat(CelValues.goFormat(1e6)).isEqualTo("1e+06");
    assertThat(CelValues.goFormat(1.5e-5)).isEqualTo("1.5e-05");
    assertThat(CelValues.goFormat(0.0001)).isEqualTo("0.0001");
    assertThat(CelValues.goFormat(1.234567e300)).isEqualTo("1.234567e+300");
    assertThat(CelValues.goFormat(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(CelValues.goFormat(-0.0)).isEqualTo("-0");
    assertThat(CelValues.goFormat(Double.NaN)).isEqualTo("NaN");
    assertThat(CelValues.goFormat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void stepOutputsAreStringsOrNumbersAndAnythingElseIsNamedAsUpstreamNamesIt() {
    Map<String, JsonNode> vars = Map.of("input", Json.parseTrusted("{\"s\":\"a\",\"n\":2.5,\"b\":true}"));
    Set<String> names = CelExpression.WORKFLOW_RUN_VARIABLES;
    assertThat(CelExpression.stepOutputError(CelExpression.compile("input.s", names).evaluate(vars))).isNull();
    assertThat(CelExpression.stepOutputError(CelExpression.compile("input.n", names).evaluate(vars))).isNull();
    assertThat(CelExpression.stepOutputError(CelExpression.compile("input.b", names).evaluate(vars)))
        .isEqualTo("output must evaluate to a string or integer: got bool");
    assertThat(CelExpression.stepOutputError(CelExpression.compile("[1]", names).evaluate(vars)))
        .isEqualTo("output must evaluate to a string or integer: got list");
    assertThat(CelExpression.stepOutputError(CelExpression.compile("{\"k\": 1}", names).evaluate(vars)))
        .isEqualTo("output must evaluate to a string or integer: got map");
  }
}
