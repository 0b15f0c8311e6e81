package io.hatchet4j.examples;

import static io.hatchet4j.examples.OnFailureAndSuccess.ON_SUCCESS;
import static io.hatchet4j.examples.OnFailureAndSuccess.WORKFLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.RunStatus;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.examples.OnFailureAndSuccess.Job;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import io.hatchet4j.testing.Runs;
import org.junit.jupiter.api.Test;

/** The outcomes of the official SDKs' on-failure test, and on-success's DAG rules. */
@HatchetTest
class OnFailureAndSuccessTest {

  @Test
  void theOnFailureTaskSeesTheFailedTasksErrorAndTheRunStaysFailed(Hatchet hatchet, HatchetTestEnvironment env,
      Runs runs) {
    env.startWorker(WORKFLOW);
    var run = hatchet.runNoWait(WORKFLOW, new Job(true));

    assertThatThrownBy(run::await).isInstanceOfSatisfying(RunFailedException.class,
        e -> assertThat(e.taskError("step1")).contains(OnFailureAndSuccess.ERROR_TEXT));
    RunInfo details = runs.await(run.runId(), RunStatus.FAILED);
    assertThat(details.task("step1").orElseThrow().status()).isEqualTo("FAILED");
    assertThat(details.task("on_failure").orElseThrow().status()).isEqualTo("COMPLETED");
    assertThat(details.task("on_failure").orElseThrow().output())
        .hasValueSatisfying(output -> assertThat(output).contains("cleaned up").contains(OnFailureAndSuccess.ERROR_TEXT));
    // step1's dependants are cancelled; on-success waits for every leaf, so it never runs.
    assertThat(details.task("step2").orElseThrow().status()).isEqualTo("CANCELLED");
    assertThat(details.task(ON_SUCCESS.name()).orElseThrow().status()).isEqualTo("CANCELLED");
    assertThat(details.task(ON_SUCCESS.name()).orElseThrow().attempts()).isZero();
  }

  @Test
  void theOnSuccessTaskRunsLastWhenEveryTaskSucceededAndTheOnFailureTaskDoesNotRun(Hatchet hatchet,
      HatchetTestEnvironment env, Runs runs) {
    env.startWorker(WORKFLOW);
    var run = hatchet.runNoWait(WORKFLOW, new Job(false));

    assertThat(run.await().output(ON_SUCCESS).status()).isEqualTo("all done");
    RunInfo details = runs.await(run.runId(), RunStatus.COMPLETED);
    assertThat(details.task("on_failure")).isEmpty();
    assertThat(details.tasks()).extracting(RunInfo.TaskInfo::status).containsOnly("COMPLETED");
  }

  @Test
  void theOnSuccessTaskDependsOnTheLeaves() {
    assertThat(WORKFLOW.onSuccessTask().orElseThrow().parents())
        .extracting(t -> t.name())
        .containsExactlyInAnyOrder("step2", "step3");
    assertThat(WORKFLOW.onFailureTask()).containsSame(OnFailureAndSuccess.ON_FAILURE);
    assertThat(WORKFLOW.tasks()).extracting(t -> t.name()).doesNotContain("on_failure").endsWith(ON_SUCCESS.name());
  }
}
