package io.hatchet4j.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.DesiredWorkerLabel;
import io.hatchet4j.RateLimit;
import io.hatchet4j.RateLimitDuration;
import io.hatchet4j.StickyStrategy;
import io.hatchet4j.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

/** Invalid flow-control combinations fail at build() with the reason. */
class FlowControlBuilderTest {
  record In(String value) {}

  record Out(String value) {}

  private static Task.Builder<In, Out> task(String name) {
    return Task.builder(name, In.class, Out.class).setHandler((in, ctx) -> new Out(name));
  }

  @Test
  void aDynamicKeyNeedsALimitAsInTheOfficialSdks() {
    assertThatThrownBy(() -> RateLimit.dynamicKey("input.user_id").setUnits(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rate limit input.user_id: CEL based keys requires limit to be set");
    RateLimit ok = RateLimit.dynamicKey("input.user_id").setLimit(10).build();
    assertThat(ok.isDynamic()).isTrue();
    assertThat(ok.units()).contains(1);
    assertThat(ok.duration()).isEqualTo(RateLimitDuration.MINUTE);
  }

  @Test
  void rateLimitValuesAreChecked() {
    assertThatThrownBy(() -> RateLimit.staticKey(" ")).hasMessage("a rate limit key must not be blank");
    assertThatThrownBy(() -> RateLimit.staticKey("k").setUnits(0))
        .hasMessage("rate limit units must be at least 1; got 0");
    assertThatThrownBy(() -> RateLimit.staticKey("k").setLimit(-2))
        .hasMessage("a rate limit's limit must not be negative; got -2");
    assertThatThrownBy(() -> RateLimit.staticKey("k").setUnits(""))
        .hasMessage("a rate limit's units expression must not be blank");
    RateLimit expression = RateLimit.staticKey("k").setUnits(3).setUnits("input.units").build();
    assertThat(expression.units()).isEmpty();
    assertThat(expression.unitsExpression()).contains("input.units");
    assertThat(expression.limitExpression()).isEmpty();
  }

  @Test
  void aTaskDeclaresEachRateLimitKeyOnce() {
    assertThatThrownBy(() -> task("t").addRateLimit(RateLimit.staticKey("api").build())
            .addRateLimit(RateLimit.staticKey("api").setUnits(2).build()).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("task t declares rate limit api twice");
  }

  @Test
  void aStickyWorkflowRefusesDesiredLabelsTheEngineWouldIgnore() {
    Task<In, Out> labelled = task("t").addDesiredWorkerLabel("gpu", DesiredWorkerLabel.of("a100")).build();

    assertThatThrownBy(() -> Workflow.builder("w", In.class).setSticky(StickyStrategy.SOFT).addTask(labelled).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("workflow w is sticky, so the engine ignores the desired worker labels of task t; drop one or the "
            + "other");
    assertThat(Workflow.builder("w", In.class).addTask(labelled).build().tasks().get(0).desiredWorkerLabels())
        .containsKey("gpu");
  }

  @Test
  void builtValuesAreImmutable() {
    Task<In, Out> t = task("t").addRateLimit(RateLimit.staticKey("api").build())
        .addDesiredWorkerLabel("gpu", DesiredWorkerLabel.of("a100")).build();

    assertThatThrownBy(() -> t.rateLimits().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> t.desiredWorkerLabels().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void workerLabelsAreTextOrNumbersAndALaterOneReplacesAnEarlierOfTheSameKey() {
    WorkerOptions options = WorkerOptions.builder().setName("w").putLabel("model", "x").putLabel("memory", 512)
        .putLabel("model", 2).build();

    assertThat(options.labels()).isEmpty();
    assertThat(options.intLabels()).containsEntry("memory", 512).containsEntry("model", 2);
  }
}
