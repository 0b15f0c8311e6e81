package io.hatchet4j.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The combinations of conditions and hook tasks that build() refuses, each with its reason. */
class ConditionRulesTest {
  record In() {}

  record Out() {}

  private static Task.Builder<In, Out> task(String name) {
    return Task.builder(name, In.class, Out.class).setHandler((in, ctx) -> new Out());
  }

  @Test
  void aParentConditionMustNameAParent() {
    Task<In, Out> other = task("other").build();
    assertThatThrownBy(() -> task("t").skipIf(Condition.parentOutput(other, "true")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("names task other, which is not one of its parents");
  }

  @Test
  void twoConditionsWithTheSameKeyAreRefused() {
    assertThatThrownBy(() -> task("t").waitFor(Condition.sleep(Duration.ofSeconds(5)))
        .skipIf(Condition.anyOf(Condition.userEvent("x"), Condition.sleep(Duration.ofSeconds(5)))).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("conditions must have unique keys");
    assertThatThrownBy(() -> task("t").waitFor(Condition.userEvent("e")).cancelIf(Condition.userEvent("e")).build())
        .hasMessageContaining("event e appears twice");
  }

  @Test
  void hookTasksAreOneEachWithoutParentsConditionsOrATakenName() {
    Task<In, Out> a = task("a").build();
    Workflow.Builder<In> builder = Workflow.builder("wf", In.class).addTask(a).onFailure(task("f").build());
    assertThatThrownBy(() -> builder.onFailure(task("g").build())).hasMessageContaining("only one is allowed");
    assertThatThrownBy(() -> Workflow.builder("wf", In.class).addTask(a).onSuccess(task("s").addParent(a).build()).build())
        .hasMessageContaining("cannot have parents");
    assertThatThrownBy(() -> Workflow.builder("wf", In.class).addTask(a)
        .onFailure(task("f").waitFor(Condition.userEvent("e")).build()).build())
        .hasMessageContaining("cannot have waitFor, skipIf or cancelIf conditions");
    assertThatThrownBy(() -> Workflow.builder("wf", In.class).addTask(a).onFailure(a).build())
        .hasMessageContaining("is also one of its tasks");
    assertThatThrownBy(() -> Workflow.builder("wf", In.class).onFailure(task("f").build()).buildStandalone(a))
        .hasMessageContaining("standalone workflow cannot have on-failure or on-success tasks");
  }

  @Test
  void aWorkflowWithoutHooksHasNone() {
    Workflow<In, WorkflowResult> wf = Workflow.builder("wf", In.class).addTask(task("a").build()).build();
    assertThat(wf.onFailureTask()).isEmpty();
    assertThat(wf.onSuccessTask()).isEmpty();
  }
}
