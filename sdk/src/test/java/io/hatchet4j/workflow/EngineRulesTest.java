package io.hatchet4j.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.Priority;
import io.hatchet4j.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

/**
 * The builders refuse at build time what the engine would refuse at registration, with the
 * engine's reason (see engine/README.md, "What the engine refuses").
 */
class EngineRulesTest {
  private static final String NAME_RULE = "Hatchet names must match the regex ^[a-zA-Z0-9\\.\\-_]+$";

  record In(String value) {}

  record Out(String value) {}

  private static Task.Builder<In, Out> task(String name) {
    return Task.builder(name, In.class, Out.class).setHandler((in, ctx) -> new Out(name));
  }

  @Test
  void workflowNamesFollowTheEnginesNameRule() {
    assertThatThrownBy(() -> Workflow.builder("my workflow", In.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow name 'my workflow'").hasMessageContaining(NAME_RULE);
    assertThat(Workflow.builder("My-workflow.v2_x", In.class).addTask(task("t").build()).build().name())
        .isEqualTo("My-workflow.v2_x");
  }

  @Test
  void taskNamesFollowTheEnginesNameRule() {
    assertThatThrownBy(() -> Task.builder("send email", In.class, Out.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(NAME_RULE);
    assertThatThrownBy(() -> Task.builder("naïve", In.class, Out.class)).hasMessageContaining(NAME_RULE);
    assertThat(task("send_email-2.0").build().name()).isEqualTo("send_email-2.0");
  }

  @Test
  void workerNamesFollowTheEnginesNameRule() {
    assertThatThrownBy(() -> WorkerOptions.builder().setName("my worker"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(NAME_RULE);
    assertThat(WorkerOptions.builder().setName("worker-1").build().name()).isEqualTo("worker-1");
  }

  @Test
  void retriesAreNotNegative() {
    assertThatThrownBy(() -> task("t").setRetries(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retries must not be negative");
    assertThat(task("t").setRetries(0).build().retries()).isZero();
  }

  @Test
  void backoffFactorIsBetween1And1000() {
    assertThatThrownBy(() -> task("t").setBackoff(0.5, 60)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff factor must be between 1 and 1000; got 0.5");
    assertThatThrownBy(() -> task("t").setBackoff(1000.5, 60)).hasMessage("backoff factor must be between 1 and 1000; got 1000.5");
    assertThatThrownBy(() -> task("t").setBackoff(Double.NaN, 60)).isInstanceOf(IllegalArgumentException.class);
    assertThat(task("t").setBackoff(1, 60).build().backoffFactor()).isEqualTo(1);
    assertThat(task("t").setBackoff(1000, 60).build().backoffFactor()).isEqualTo(1000);
  }

  @Test
  void backoffMaxSecondsIsBetween1And86400() {
    assertThatThrownBy(() -> task("t").setBackoff(2, 0)).hasMessage("backoff max seconds must be between 1 and 86400; got 0");
    assertThatThrownBy(() -> task("t").setBackoff(2, 86_401))
        .hasMessage("backoff max seconds must be between 1 and 86400; got 86401");
    assertThat(task("t").setBackoff(2, 86_400).build().backoffMaxSeconds()).isEqualTo(86_400);
  }

  @Test
  void cronTriggersHaveFiveOrSixFieldsAndNoMacros() {
    Workflow.Builder<In> builder = Workflow.builder("cron", In.class);
    assertThatThrownBy(() -> builder.addCronTrigger("@daily")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid cron expression: '@daily'");
    assertThatThrownBy(() -> builder.addCronTrigger("* * * *")).hasMessageStartingWith("Invalid cron expression");
    assertThatThrownBy(() -> builder.addCronTrigger("0 0 * * * * 2030")).hasMessageStartingWith("Invalid cron expression");
    Workflow<In, ?> workflow = builder.addCronTrigger(" 0 9 * * MON ").addCronTrigger("*/10 * * * * *")
        .addTask(task("t").build()).build();
    assertThat(workflow.cronTriggers()).containsExactly("0 9 * * MON", "*/10 * * * * *");
  }

  @Test
  void prioritiesOutsideOneToThreeAreRefusedInTheEnginesWords() {
    assertThatThrownBy(() -> Priority.of(4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priority must be between 1 and 3, got 4");
    assertThatThrownBy(() -> Priority.of(0)).hasMessage("priority must be between 1 and 3, got 0");
    assertThat(Priority.of(3)).isEqualTo(Priority.HIGH);
  }

  @Test
  void twoTasksWithOneNameAreRefusedAtBuild() {
    assertThatThrownBy(() -> Workflow.builder("dup", In.class).addTask(task("a").build()).addTask(task("a").build()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("two different tasks named a");
  }
}
