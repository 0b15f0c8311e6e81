package io.hatchet4j.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConcurrencyExpressionTest {
  record In(String group) {}

  @Test
  void defaultsAreTheEnginesOneRunPerKeyCancellingTheRunInProgress() {
    ConcurrencyExpression limit = ConcurrencyExpression.of("input.group");

    assertThat(limit.maxRuns()).isEqualTo(1);
    assertThat(limit.limitStrategy()).isEqualTo(ConcurrencyLimitStrategy.CANCEL_IN_PROGRESS);
  }

  @Test
  void aConstantLimitIsWhatPythonDeclaresForAnInteger() {
    assertThat(ConcurrencyExpression.constant(3))
        .isEqualTo(new ConcurrencyExpression("'constant'", 3, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN));
  }

  @Test
  void invalidLimitsFailWithTheReason() {
    assertThatThrownBy(() -> ConcurrencyExpression.of(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("CEL expression is required for concurrency");
    assertThatThrownBy(() -> ConcurrencyExpression.of("input.group", 0, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRuns must be at least 1, got 0");
    assertThatThrownBy(() -> ConcurrencyExpression.of("parents.first.group"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read parents' outputs");
    assertThatThrownBy(() -> ConcurrencyExpression.of("input.group", 1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aFieldOrStringNamedParentsIsFine() {
    assertThat(ConcurrencyExpression.of("input.parents").expression()).isEqualTo("input.parents");
    assertThat(ConcurrencyExpression.of("'parents'").expression()).isEqualTo("'parents'");
  }

  @Test
  void workflowsAndTasksKeepTheirLimitsInOrder() {
    ConcurrencyExpression digit = ConcurrencyExpression.of("input.digit", 8, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN);
    ConcurrencyExpression name = ConcurrencyExpression.of("input.name", 3, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN);
    Task<In, In> task = Task.builder("t", In.class, In.class).setHandler((in, ctx) -> in)
        .addConcurrency(name).addConcurrency(digit).build();

    Workflow<In, ?> workflow = Workflow.builder("wf", In.class).addConcurrency(digit).addConcurrency(name)
        .addTask(task).build();

    assertThat(workflow.concurrency()).containsExactly(digit, name);
    assertThat(task.concurrency()).containsExactly(name, digit);
    assertThat(Workflow.builder("plain", In.class).addTask(task).build().concurrency()).isEmpty();
    assertThatThrownBy(() -> workflow.concurrency().add(digit)).isInstanceOf(UnsupportedOperationException.class);
  }
}
