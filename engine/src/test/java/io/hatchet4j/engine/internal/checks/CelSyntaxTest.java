package io.hatchet4j.engine.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CelSyntaxTest {
  @Test
  void acceptsTheGrammarUpstreamsExpressionsUse() {
    for (String ok : new String[] {
        "input.group", "'constant'", "input[\"user\"].id", "additional_metadata.region + '-' + string(input.n)",
        "input.n > 2 ? 'big' : 'small'", "has(input.x) && input.x in [1, 2, 3]", "input.items.exists(i, i.size > 2)",
        "input.items.map(x, x * 2).size() > 0", "checksum(workflow_run_id)", "{'a': 1}['a'] == 1",
        "int(input.n) % 3 == 0", "-input.n < 0.5e3", "r'raw\\d' + \"\"\"triple\"\"\" + string(b'bytes')",
        "strings.quote(input.s)", "input.s.lowerAscii().startsWith('a')", "0x1Fu + 3u == 34u", "!(input.flag)"}) {
      assertThat(CelSyntax.compiles(ok, CelSyntax.WORKFLOW_RUN)).as(ok).isTrue();
    }
  }

  @Test
  void refusesBrokenGrammarAndUnknownNames() {
    for (String bad : new String[] {
        "", "  ", "input.", "input +", "(input.a", "input.a)", "'open", "input.a ? 'x'", "foo", "foo(input)",
        "parents.a.b", "x.all(v, w > 1)", "input.a = 1", "input.a @ b", "[1, 2"}) {
      assertThat(CelSyntax.compiles(bad, CelSyntax.WORKFLOW_RUN)).as(bad).isFalse();
    }
  }

  @Test
  void refusesTypeErrorsAsUpstreamsCheckerDoes() {
    for (String bad : new String[] {"'a' + 1", "1 + 1u", "checksum(1)", "size(1)", "!'x'", "input.a.exists(x, x) + 1"}) {
      assertThat(CelSyntax.compiles(bad, CelSyntax.WORKFLOW_RUN)).as(bad).isFalse();
    }
  }

  @Test
  void theStepRunEnvironmentAddsParents() {
    assertThat(CelSyntax.compiles("parents.first.user", CelSyntax.STEP_RUN)).isTrue();
    assertThat(CelSyntax.compiles("parents.first.user", CelSyntax.WORKFLOW_RUN)).isFalse();
  }
}
