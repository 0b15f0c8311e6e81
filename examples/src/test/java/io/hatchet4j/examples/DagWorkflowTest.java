package io.hatchet4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import io.hatchet4j.workflow.WorkflowResult;
import org.junit.jupiter.api.Test;

@HatchetTest
class DagWorkflowTest {
  @Test
  void shipsWithWhatChargeAndReserveReturned(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(DagWorkflow.FULFILMENT);

    WorkflowResult result = hatchet.run(DagWorkflow.FULFILMENT, new DagWorkflow.Order("o-1", "kettle", 2599));

    assertThat(result.output(DagWorkflow.SHIP)).isEqualTo(new DagWorkflow.Shipped("track-o-1", "pay-o-1", "east"));
    assertThat(result.output(DagWorkflow.VALIDATE).valid()).isTrue();
  }

  @Test
  void invalidOrderFailsWithoutRetrying(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(DagWorkflow.FULFILMENT);

    assertThatThrownBy(() -> hatchet.run(DagWorkflow.FULFILMENT, new DagWorkflow.Order("o-2", "", 0)))
        .isInstanceOfSatisfying(
            RunFailedException.class, e -> assertThat(e.taskError("charge")).contains("order o-2 is invalid"));
  }
}
