package io.hatchet4j.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkflowTest {
  record In(String value) {}

  record Out(String value) {}

  private static Task<In, Out> task(String name) {
    return Task.builder(name, In.class, Out.class).setHandler((in, ctx) -> new Out(name)).build();
  }

  @Test
  void dagTasksComeParentsFirstAndParentsAreAddedImplicitly() {
    Task<In, Out> first = task("first");
    Task<In, Out> second =
        Task.builder("second", In.class, Out.class).addParent(first).setHandler((in, ctx) -> null).build();
    Task<In, Out> third =
        Task.builder("third", In.class, Out.class).addParents(first, second).setHandler((in, ctx) -> null).build();

    Workflow<In, WorkflowResult> workflow = Workflow.builder("dag", In.class).addTask(third).build();

    assertThat(workflow.tasks()).extracting(Task::name).containsExactly("first", "second", "third");
    assertThat(workflow.isStandalone()).isFalse();
    assertThat(workflow.resultType()).isEqualTo(WorkflowResult.class);
    assertThat(workflow.task("second")).contains(second);
  }

  @Test
  void standaloneWorkflowIsNamedAfterItsTaskAndReturnsItsOutput() {
    Workflow<In, Out> workflow = Workflow.standalone(task("greet"));

    assertThat(workflow.name()).isEqualTo("greet");
    assertThat(workflow.isStandalone()).isTrue();
    assertThat(workflow.resultType()).isEqualTo(Out.class);
  }

  @Test
  void referencesCannotBeRegisteredButCarryTypes() {
    Workflow<In, Out> reference = Workflow.reference("remote", In.class, Out.class);
    assertThat(reference.isReference()).isTrue();
    assertThat(reference.tasks()).isEmpty();
  }

  @Test
  void invalidDefinitionsAreRejectedWithReasons() {
    assertThatThrownBy(() -> Workflow.builder("empty", In.class).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no tasks");
    assertThatThrownBy(() -> Workflow.builder("dup", In.class).addTask(task("a")).addTask(task("a")).build())
        .hasMessageContaining("two different tasks named a");
    assertThatThrownBy(() -> Task.builder("a:b", In.class, Out.class))
        .hasMessageContaining("':'");
    assertThatThrownBy(() -> Task.builder("t", In.class, Out.class).build())
        .hasMessageContaining("no handler");
    assertThatThrownBy(() -> Task.builder("t", In.class, Out.class).setExecutionTimeout(Duration.ofMillis(1500)))
        .hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> Task.builder("t", In.class, Out.class).setRetries(-1))
        .hasMessageContaining("negative");
    Task<In, Out> parent = task("p");
    Task<In, Out> child = Task.builder("c", In.class, Out.class).addParent(parent).setHandler((i, c) -> null).build();
    assertThatThrownBy(() -> Workflow.standalone(child)).hasMessageContaining("cannot have parents");
  }

  @Test
  void conditionsValidateTheirShape() {
    assertThat(Condition.anyOf(Condition.sleep(Duration.ofSeconds(1)), Condition.userEvent("k")))
        .isInstanceOf(Condition.AnyOf.class);
    assertThatThrownBy(() -> Condition.sleep(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> Condition.anyOf(Condition.userEvent("k"))).hasMessageContaining("at least two");
  }
}
