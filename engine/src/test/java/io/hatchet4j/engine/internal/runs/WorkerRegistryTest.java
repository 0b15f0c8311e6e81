package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workers' lifecycle: slots at registration, pausing, leaving and heartbeats without a stream. */
class WorkerRegistryTest {
  private final Harness h = new Harness();

  @Test
  void slotsComeFromSlotConfigOrTheLegacyCountOrTheDefault() {
    assertThat(register(Map.of("default", 3, "durable", 1), null).slotConfig())
        .isEqualTo(Map.of("default", 3, "durable", 1));
    assertThat(register(Map.of(), 7).slotConfig()).isEqualTo(Map.of("default", 7));
    assertThat(register(Map.of(), null).slotConfig()).isEqualTo(Map.of("default", 100));
    assertThatThrownBy(() -> register(Map.of("default", 1), 1))
        .isInstanceOf(EngineException.class)
        .hasMessage("either slot_config or slots (deprecated) must be provided, not both");
    // Upstream accepts any slot count, negative ones too (RegistrationChecksTest pins the protocol side).
    assertThat(register(Map.of("default", -1), null).slotConfig()).isEqualTo(Map.of("default", -1));
  }

  @Test
  void aPausedWorkerKeepsItsTasksAndGetsNoNewOnesUntilResumed() {
    h.put(workflow("one", List.of(task("t"))));
    Harness.FakeWorker worker = h.worker(5, "t");
    String first = h.trigger("one");

    h.scheduler.pauseWorker(TENANT, worker.id, true);
    String second = h.trigger("one");
    assertThat(worker.starts()).hasSize(1);
    assertThat(h.taskView(first, "t").status()).isEqualTo(TaskStatus.ASSIGNED);
    assertThat(h.scheduler.workerView(TENANT, worker.id).status()).isEqualTo("PAUSED");

    h.scheduler.pauseWorker(TENANT, worker.id, false);
    h.settle();
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(second);
  }

  @Test
  void anUnsubscribedWorkerHandsItsTasksToAnotherWithoutUsingARetry() {
    h.put(workflow("one", List.of(task("t"))));
    Harness.FakeWorker leaving = h.worker(1, "t");
    String runId = h.trigger("one");
    Harness.FakeWorker staying = h.worker(1, "t");

    h.scheduler.unsubscribe(TENANT, leaving.id);
    h.settle();

    assertThat(staying.starts()).hasSize(1);
    assertThat(staying.lastStart().workflowRunId()).isEqualTo(runId);
    assertThat(h.taskView(runId, "t").retryCount()).isEqualTo(1);
    assertThat(h.taskView(runId, "t").error()).isNull();
  }

  @Test
  void aHeartbeatWithoutAListenStreamIsRefusedOnceTheWorkerHasListened() {
    Harness.FakeWorker worker = h.worker(1, "t");
    h.scheduler.heartbeat(TENANT, worker.id);

    h.scheduler.closeListener(worker.id, worker.session);

    assertThatThrownBy(() -> h.scheduler.heartbeat(TENANT, worker.id))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Heartbeat rejected: worker stream is not active");
  }

  @Test
  void anotherTenantsWorkerIsNotFound() {
    Harness.FakeWorker worker = h.worker(1, "t");

    assertThatThrownBy(() -> h.scheduler.heartbeat("other", worker.id))
        .isInstanceOf(EngineException.class)
        .hasMessage("worker not found: " + worker.id);
  }

  private io.hatchet4j.engine.internal.model.WorkerRecord register(Map<String, Integer> slots, Integer legacy) {
    return h.scheduler.registerWorker(TENANT, new WorkerSpec("w", List.of("wf:t"), slots, legacy, Map.of()));
  }
}
