package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.hatchet4j.proto.dispatcher.ActionType;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.RefreshTimeoutRequest;
import io.hatchet4j.proto.dispatcher.ReleaseSlotRequest;
import io.hatchet4j.proto.dispatcher.StepActionEvent;
import io.hatchet4j.proto.dispatcher.StepActionEventType;
import io.hatchet4j.proto.dispatcher.WorkerUnsubscribeRequest;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.v1.CancelTasksRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Assignment, retries, timeouts and worker loss, on virtual time so that every timer fires exactly when told. */
class SchedulingTest {
  private static final VirtualClock clock = EngineClock.virtual();
  private static HatchetEngine engine;
  private static TestClient client;

  @BeforeAll
  static void start() {
    engine = HatchetEngine.start(EngineOptions.builder()
        .setGrpcPort(0)
        .setHttpPort(0)
        .setHeartbeatTimeout(Duration.ofMillis(500))
        .setClock(clock)
        .build());
    client = TestClient.connect(engine, engine.token());
  }

  /**
   * Fires what earlier tests left on the shared clock (the liveness timers of the workers they
   * closed, say), so that each test's timers are the only ones at the instants it waits for.
   */
  @BeforeEach
  void fireLeftoverTimers() {
    clock.advance(Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    engine.close();
  }

  @Test
  void retriesAFailedTaskWithTheNextRetryCountAfterItsBackoff() throws Exception {
    client.register("retry", task("retry", "flaky").setRetries(2).setBackoffFactor(1.0f).setBackoffMaxSeconds(5));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("retry", "flaky"))) {
      String runId = client.trigger("retry", "{}");

      AssignedAction first = worker.nextStart();
      assertThat(first.getRetryCount()).isZero();
      worker.started(first);
      worker.failed(first, "boom", false);
      // Factor 1: 1^1 seconds of backoff before the retry, and not a millisecond less.
      clock.advance(Duration.ofMillis(999));
      assertThat(client.details(runId).getTaskRunsMap().get("flaky").getStatus()).isEqualTo(RunStatus.QUEUED);
      clock.advance(Duration.ofMillis(1));
      AssignedAction second = worker.nextStart();
      assertThat(second.getRetryCount()).isEqualTo(1);
      assertThat(second.getTaskRunExternalId()).isEqualTo(first.getTaskRunExternalId());

      // An event for the old attempt is stale and changes nothing.
      worker.completed(first, "{\"stale\": true}");
      worker.completed(second, "{\"attempt\": 2}");
      WorkflowRunEvent result = client.awaitResult(runId);
      assertThat(result.getResults(0).getOutput()).contains("\"attempt\":2");
    }
  }

  @Test
  void failsTheRunWhenRetriesAreUsedUpAndCancelsDependants() throws Exception {
    client.register("fails", task("fails", "a").setRetries(1), task("fails", "b").addParents("a"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("fails", "a"), TestClient.action("fails", "b"))) {
      String runId = client.trigger("fails", "{}");
      worker.failed(worker.nextStart(), "first failure", false);
      AssignedAction retry = worker.nextStart();
      assertThat(retry.getRetryCount()).isEqualTo(1);
      worker.failed(retry, "second failure", false);

      WorkflowRunEvent result = client.awaitResult(runId);
      assertThat(result.getResultsList()).hasSize(2);
      assertThat(result.getResults(0).getError()).isEqualTo("second failure");
      assertThat(result.getResults(1).getTaskName()).isEqualTo("b");
      // Upstream creates it already cancelled, without an error message (its match's CANCEL action).
      assertThat(result.getResults(1).hasError()).isTrue();
      assertThat(result.getResults(1).getError()).isEmpty();
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.FAILED);
      assertThat(client.details(runId).getTaskRunsMap().get("b").getStatus()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  @Test
  void doesNotRetryWhenTheWorkerSaysSo() throws Exception {
    client.register("noretry", task("noretry", "t").setRetries(5));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("noretry", "t"))) {
      String runId = client.trigger("noretry", "{}");
      worker.failed(worker.nextStart(), "NonRetryableException: no", true);
      assertThat(client.awaitResult(runId).getResults(0).getError()).isEqualTo("NonRetryableException: no");
      assertThat(client.details(runId).getTaskRunsMap().get("t").getStatus()).isEqualTo(RunStatus.FAILED);
      // A retry would have been sent before the start of a run triggered now.
      worker.assertNextStartIs(client.trigger("noretry", "{}"));
    }
  }

  @Test
  void treatsOutputThatIsNotAnObjectAsAFailure() throws Exception {
    client.register("badoutput", task("badoutput", "t"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("badoutput", "t"))) {
      String runId = client.trigger("badoutput", "{}");
      worker.completed(worker.nextStart(), "[1, 2]");
      assertThat(client.awaitResult(runId).getResults(0).getError()).contains("must be a JSON object");
    }
  }

  @Test
  void cancelsATaskThatExceedsItsTimeoutAndRetriesIt() throws Exception {
    client.register("slow", task("slow", "t").setTimeout("1s").setRetries(1));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("slow", "t"))) {
      String runId = client.trigger("slow", "{}");
      AssignedAction first = worker.nextStart();
      worker.started(first);
      clock.advance(Duration.ofMillis(999));
      assertThat(client.details(runId).getStatus()).as("a millisecond before the timeout").isEqualTo(RunStatus.RUNNING);
      clock.advance(Duration.ofMillis(1));

      AssignedAction cancel = worker.next();
      assertThat(cancel.getActionType()).isEqualTo(ActionType.CANCEL_STEP_RUN);
      assertThat(cancel.getTaskRunExternalId()).isEqualTo(first.getTaskRunExternalId());
      // The SDKs key running tasks by id and retry count, so the cancel names the timed-out attempt.
      assertThat(cancel.getRetryCount()).isZero();

      AssignedAction retry = worker.nextStart();
      assertThat(retry.getRetryCount()).isEqualTo(1);
      worker.started(retry);
      clock.advance(Duration.ofSeconds(1));
      assertThat(worker.next().getActionType()).isEqualTo(ActionType.CANCEL_STEP_RUN);
      assertThat(client.awaitResult(runId).getResults(0).getError())
          .isEqualTo("task exceeded its execution timeout of 1s");
    }
  }

  @Test
  void neverGivesAWorkerMoreTasksThanItHasSlots() throws Exception {
    client.register("slots", task("slots", "t"));
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("slots", "t"))) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        runs.add(client.trigger("slots", "{\"i\": " + i + "}"));
      }
      Set<String> done = new HashSet<>();
      while (done.size() < runs.size()) {
        AssignedAction a = worker.nextStart();
        AssignedAction b = worker.nextStart();
        // Both slots are taken: a third task must not be assigned until one completes. Only the
        // calls above assign tasks, and each returns after its assignment pass, so this is final.
        assertThat(runs.stream().filter(run -> client.details(run).getStatus() == RunStatus.RUNNING))
            .containsExactlyInAnyOrder(a.getWorkflowRunId(), b.getWorkflowRunId());
        worker.completed(a, "{}");
        worker.completed(b, "{}");
        done.add(a.getWorkflowRunId());
        done.add(b.getWorkflowRunId());
      }
      assertThat(done).containsExactlyInAnyOrderElementsOf(runs);
    }
  }

  @Test
  void releasedSlotsTakeNewWorkWhileTheTaskRuns() throws Exception {
    client.register("release", task("release", "t"));
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action("release", "t"))) {
      List<String> runs = List.of(client.trigger("release", "{}"), client.trigger("release", "{}"));
      AssignedAction first = worker.nextStart();
      // The other run waits for the slot (each trigger returned after its assignment pass).
      assertThat(runs.stream().map(run -> client.details(run).getStatus()))
          .containsExactlyInAnyOrder(RunStatus.RUNNING, RunStatus.QUEUED);
      client.dispatcher.releaseSlot(ReleaseSlotRequest.newBuilder()
          .setTaskRunExternalId(first.getTaskRunExternalId()).build());
      AssignedAction second = worker.nextStart();
      worker.completed(first, "{}");
      worker.completed(second, "{}");
    }
  }

  @Test
  void movesTheTasksOfADeadWorkerToAnotherWorker() throws Exception {
    client.register("failover", task("failover", "t").setRetries(0));
    String action = TestClient.action("failover", "t");
    TestWorker doomed = TestWorker.start(client, 5, action);
    String runId = client.trigger("failover", "{}");
    AssignedAction lost = doomed.nextStart();
    doomed.started(lost);
    Instant lostAt = clock.now().plusMillis(500);
    doomed.disconnect();
    // Once the engine sees the stream gone, it gives the worker the heartbeat timeout to come back.
    TestClient.awaitTimer(clock, lostAt);
    clock.advance(Duration.ofMillis(499));
    assertThat(client.details(runId).getStatus()).as("not lost yet").isEqualTo(RunStatus.RUNNING);
    clock.advance(Duration.ofMillis(1));

    try (TestWorker survivor = TestWorker.start(client, 5, action)) {
      AssignedAction moved = survivor.nextStart();
      assertThat(moved.getTaskRunExternalId()).isEqualTo(lost.getTaskRunExternalId());
      // A new attempt number, so late events from the dead worker are stale; no retry was used.
      assertThat(moved.getRetryCount()).isEqualTo(1);
      doomed.completed(lost, "{\"from\": \"zombie\"}");
      survivor.completed(moved, "{\"from\": \"survivor\"}");
      assertThat(client.awaitResult(runId).getResults(0).getOutput()).contains("survivor");
    }
  }

  @Test
  void cancelsRunsOnRequestAndTellsTheWorker() throws Exception {
    client.register("cancel", task("cancel", "t"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("cancel", "t"))) {
      String runId = client.trigger("cancel", "{}");
      AssignedAction running = worker.nextStart();
      worker.started(running);
      List<String> cancelled = client.admin.cancelTasks(CancelTasksRequest.newBuilder().addExternalIds(runId).build())
          .getCancelledTasksList();
      assertThat(cancelled).containsExactly(running.getTaskRunExternalId());
      AssignedAction cancel = worker.next();
      assertThat(cancel.getActionType()).isEqualTo(ActionType.CANCEL_STEP_RUN);
      assertThat(client.awaitResult(runId).getResults(0).hasError()).isTrue();
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  @Test
  void failsTasksThatWaitLongerThanTheirScheduleTimeout() throws Exception {
    client.register("unscheduled", task("unscheduled", "t").setScheduleTimeout("300ms"));
    String runId = client.trigger("unscheduled", "{}");
    clock.advance(Duration.ofMillis(299));
    assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.QUEUED);
    clock.advance(Duration.ofMillis(1));
    assertThat(client.awaitResult(runId).getResults(0).getError()).contains("schedule timeout of 300ms");
  }

  @Test
  void refreshingTheTimeoutKeepsATaskRunning() throws Exception {
    client.register("refresh", task("refresh", "t").setTimeout("1s"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("refresh", "t"))) {
      String runId = client.trigger("refresh", "{}");
      AssignedAction action = worker.nextStart();
      worker.started(action);
      Instant assignedAt = clock.now();
      Timestamp timeoutAt = client.dispatcher.refreshTimeout(
          RefreshTimeoutRequest.newBuilder()
              .setTaskRunExternalId(action.getTaskRunExternalId())
              .setIncrementTimeoutBy("10s")
              .build()).getTimeoutAt();
      // The first second plus ten more.
      assertThat(Instant.ofEpochSecond(timeoutAt.getSeconds(), timeoutAt.getNanos()))
          .isEqualTo(assignedAt.plusSeconds(11));
      clock.advance(Duration.ofMillis(10_999));
      assertThat(client.details(runId).getStatus()).as("past the first timeout, before the refreshed one")
          .isEqualTo(RunStatus.RUNNING);
      worker.completed(action, "{\"survived\": true}");
      assertThat(client.awaitResult(runId).getResults(0).getOutput()).contains("survived");
    }
  }

  @Test
  void requeuesTheTasksOfAWorkerThatUnsubscribes() throws Exception {
    client.register("handover", task("handover", "t"));
    String action = TestClient.action("handover", "t");
    TestWorker leaving = TestWorker.start(client, 5, action);
    String runId = client.trigger("handover", "{}");
    AssignedAction held = leaving.nextStart();
    client.dispatcher.unsubscribe(WorkerUnsubscribeRequest.newBuilder()
        .setWorkerId(leaving.id).build());
    try (TestWorker next = TestWorker.start(client, 5, action)) {
      AssignedAction moved = next.nextStart();
      assertThat(moved.getTaskRunExternalId()).isEqualTo(held.getTaskRunExternalId());
      assertThat(moved.getRetryCount()).isEqualTo(1);
      next.completed(moved, "{}");
      assertThat(client.awaitResult(runId).getResults(0).hasError()).isFalse();
    } finally {
      leaving.close();
    }
  }

  @Test
  void runsTheOnFailureTaskWithTheErrorsOfTheFailedTasks() throws Exception {
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder()
        .setName("with-handler")
        .addTasks(task("with-handler", "work"))
        .setOnFailureTask(task("with-handler", "handler"))
        .build());
    try (TestWorker worker = TestWorker.start(client, 5,
        TestClient.action("with-handler", "work"), TestClient.action("with-handler", "handler"))) {
      String runId = client.trigger("with-handler", "{}");
      worker.failed(worker.nextStart(), "it broke", false);
      AssignedAction handler = worker.nextStart();
      assertThat(handler.getTaskName()).isEqualTo("handler");
      assertThat(handler.getActionPayload()).contains("\"step_run_errors\":{\"work\":\"it broke\"}");
      worker.completed(handler, "{\"handled\": true}");
      WorkflowRunEvent result = client.awaitResult(runId);
      assertThat(result.getResultsList()).hasSize(2);
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.FAILED);
    }
  }

  @Test
  void ignoresEventsFromAnotherWorkerButNotFromAWorkerThatSendsItsName() throws Exception {
    client.register("holder", task("holder", "t"));
    try (TestWorker holder = TestWorker.start(client, 5, TestClient.action("holder", "t"));
        TestWorker other = TestWorker.start(client, 5, "other:t")) {
      String runId = client.trigger("holder", "{}");
      AssignedAction action = holder.nextStart();
      other.completed(action, "{\"from\": \"other\"}");
      assertThat(client.details(runId).getDone()).isFalse();
      // The TypeScript SDK sends its worker's name where the id belongs.
      client.dispatcher.sendStepActionEvent(StepActionEvent.newBuilder()
          .setWorkerId("ts-worker")
          .setTaskRunExternalId(action.getTaskRunExternalId())
          .setEventType(StepActionEventType.STEP_EVENT_TYPE_COMPLETED)
          .setEventPayload("{\"from\": \"holder\"}")
          .setRetryCount(action.getRetryCount())
          .build());
      assertThat(client.awaitResult(runId).getResults(0).getOutput()).contains("holder");
    }
  }
}
