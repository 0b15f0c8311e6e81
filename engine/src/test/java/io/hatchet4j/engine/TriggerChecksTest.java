package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.events.BulkPushEventRequest;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRunRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the engine refuses when runs are triggered or scheduled and events pushed, one rule per
 * test: upstream's code and text, and the boundary value it accepts.
 */
class TriggerChecksTest extends SharedEngineTest {
  private static final String WF = "trig";

  @BeforeAll
  static void registerWorkflow() {
    client.register(WF, task(WF, "t"));
  }

  private static void refused(ThrowingCallable call, Status.Code code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).isEqualTo(message);
    });
  }

  private static TriggerWorkflowRequest.Builder trigger() {
    return TriggerWorkflowRequest.newBuilder().setName(WF).setInput("{}");
  }

  private static String run(TriggerWorkflowRequest.Builder request) {
    return client.workflows.triggerWorkflow(request.build()).getWorkflowRunId();
  }

  // ---------------------------------------------------------------- TriggerWorkflow

  @Test
  void triggerPriorityIsBetween1And3() {
    refused(() -> run(trigger().setPriority(4)), Status.Code.INVALID_ARGUMENT,
        "Invalid request: priority must be between 1 and 3, got 4");
    refused(() -> run(trigger().setPriority(0)), Status.Code.INVALID_ARGUMENT,
        "Invalid request: priority must be between 1 and 3, got 0");
    assertThat(run(trigger().setPriority(3))).isNotEmpty();
  }

  @Test
  void triggerInputIsValidJson() {
    refused(() -> run(trigger().setInput("{nope")), Status.Code.INVALID_ARGUMENT,
        "Invalid request: invalid json in field `payload`");
    assertThat(run(trigger().setInput(""))).isNotEmpty();
  }

  @Test
  void triggerInputHasNoNulCharacter() {
    refused(() -> run(trigger().setInput("{\"a\": \"x\\u0000y\"}")), Status.Code.INVALID_ARGUMENT,
        "Invalid request: encoded jsonb contains invalid null character \\u0000 in field `payload`");
    assertThat(run(trigger().setInput("{\"a\": \"x\\u0001y\"}"))).isNotEmpty();
  }

  @Test
  void triggerMetadataIsValidJson() {
    refused(() -> run(trigger().setAdditionalMetadata("nope")), Status.Code.INVALID_ARGUMENT,
        "Invalid request: invalid json in field `additionalMetadata`");
    assertThat(run(trigger().setAdditionalMetadata("{\"k\": \"v\"}"))).isNotEmpty();
  }

  @Test
  void triggerInputThatIsNoObjectIsRefusedByThisEngineOnly() {
    // Upstream accepts any valid JSON here; we keep refusing what the SDKs could not read back.
    refused(() -> run(trigger().setInput("[1]")), Status.Code.INVALID_ARGUMENT, "input must be a JSON object");
  }

  @Test
  void desiredWorkerIdIsAUuidOrEmpty() {
    refused(() -> run(trigger().setDesiredWorkerId("abc")), Status.Code.INVALID_ARGUMENT,
        "Invalid request: desiredWorkerId must be a valid UUID: invalid UUID length: 3");
    refused(() -> run(trigger().setDesiredWorkerId("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")), Status.Code.INVALID_ARGUMENT,
        "Invalid request: desiredWorkerId must be a valid UUID: invalid UUID format");
    assertThat(run(trigger().setDesiredWorkerId(""))).isNotEmpty();
    assertThat(run(trigger().setDesiredWorkerId(UUID.randomUUID().toString()))).isNotEmpty();
  }

  @Test
  void parentTaskRunIdIsAUuid() {
    refused(() -> run(trigger().setParentTaskRunExternalId("12345")), Status.Code.INVALID_ARGUMENT,
        "could not create trigger opt: rpc error: code = InvalidArgument desc = "
            + "parentStepRunId must be a valid UUID: invalid UUID length: 5");
  }

  @Test
  void aParentTaskMustExist() {
    refused(() -> run(trigger().setParentTaskRunExternalId(UUID.randomUUID().toString())), Status.Code.NOT_FOUND,
        "not found");
  }

  @Test
  void theParentRunIdIsNotChecked() {
    // Upstream reads only the parent task's id; parent_id is not looked at.
    assertThat(run(trigger().setParentId("not-a-uuid"))).isNotEmpty();
  }

  @Test
  void triggeredWorkflowsMustExist() {
    refused(() -> run(trigger().setName("no-such-workflow")), Status.Code.INVALID_ARGUMENT,
        "workflow names not found: no-such-workflow");
  }

  // ---------------------------------------------------------------- BulkTriggerWorkflow

  @Test
  void bulkTriggersNameEveryMissingWorkflow() {
    refused(() -> client.workflows.bulkTriggerWorkflow(BulkTriggerWorkflowRequest.newBuilder()
            .addWorkflows(trigger()).addWorkflows(trigger().setName("gone-1")).addWorkflows(trigger().setName("gone-2"))
            .build()),
        Status.Code.INVALID_ARGUMENT, "workflow names not found: gone-1, gone-2");
  }

  @Test
  void bulkTriggersCheckEveryEntry() {
    refused(() -> client.workflows.bulkTriggerWorkflow(BulkTriggerWorkflowRequest.newBuilder()
            .addWorkflows(trigger()).addWorkflows(trigger().setPriority(7)).build()),
        Status.Code.INVALID_ARGUMENT, "Invalid request: priority must be between 1 and 3, got 7");
  }

  @Test
  void anEmptyBulkTriggerStartsNothing() {
    assertThat(client.workflows.bulkTriggerWorkflow(BulkTriggerWorkflowRequest.getDefaultInstance())
        .getWorkflowRunIdsList()).isEmpty();
  }

  @Test
  void bulkTriggersHaveNoSizeLimit() {
    BulkTriggerWorkflowRequest.Builder many = BulkTriggerWorkflowRequest.newBuilder();
    for (int i = 0; i < 1001; i++) {
      many.addWorkflows(trigger());
    }
    assertThat(client.workflows.bulkTriggerWorkflow(many.build()).getWorkflowRunIdsList()).hasSize(1001);
  }

  // ---------------------------------------------------------------- v1 TriggerWorkflowRun

  @Test
  void v1TriggerPriorityIsBetween1And3() {
    TriggerWorkflowRunRequest.Builder request = TriggerWorkflowRunRequest.newBuilder().setWorkflowName(WF)
        .setInput(ByteString.copyFromUtf8("{}"));
    refused(() -> client.admin.triggerWorkflowRun(request.setPriority(5).build()), Status.Code.INVALID_ARGUMENT,
        "could not create trigger opt: rpc error: code = InvalidArgument desc = priority must be between 1 and 3, got 5");
    assertThat(client.admin.triggerWorkflowRun(request.setPriority(1).build()).getExternalId()).isNotEmpty();
  }

  @Test
  void v1TriggersOfUnknownWorkflowsAreRefusedByThisEngine() {
    // Upstream accepts these and returns the id of a run that never runs.
    refused(() -> client.admin.triggerWorkflowRun(TriggerWorkflowRunRequest.newBuilder().setWorkflowName("unheard-of")
            .setInput(ByteString.copyFromUtf8("{}")).build()),
        Status.Code.INVALID_ARGUMENT, "workflow names not found: unheard-of");
  }

  // ---------------------------------------------------------------- Push / BulkPush

  private static PushEventRequest.Builder event() {
    return PushEventRequest.newBuilder().setKey("checks:event").setPayload("{}");
  }

  @Test
  void pushPriorityIsBetween1And3() {
    refused(() -> client.events.push(event().setPriority(0).build()), Status.Code.INVALID_ARGUMENT,
        "priority must be between 1 and 3, got 0");
    assertThat(client.events.push(event().setPriority(1).build()).getEventId()).isNotEmpty();
  }

  @Test
  void pushPayloadAndMetadataAreValidJsonMetadataFirst() {
    refused(() -> client.events.push(event().setPayload("{").setAdditionalMetadata("[").build()),
        Status.Code.INVALID_ARGUMENT, "Invalid request: invalid json in field `additionalMetadata`");
    refused(() -> client.events.push(event().setPayload("{").build()), Status.Code.INVALID_ARGUMENT,
        "Invalid request: invalid json in field `payload`");
    assertThat(client.events.push(event().setPayload("").build()).getEventId()).isNotEmpty();
  }

  @Test
  void aPushedEventMayHaveNoKey() {
    assertThat(client.events.push(event().setKey("").build()).getEventId()).isNotEmpty();
  }

  @Test
  void bulkPushNeedsEvents() {
    refused(() -> client.events.bulkPush(BulkPushEventRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
        "No events to ingest");
  }

  @Test
  void bulkPushTakesAtMost1000Events() {
    BulkPushEventRequest.Builder request = BulkPushEventRequest.newBuilder();
    for (int i = 0; i < 1000; i++) {
      request.addEvents(event());
    }
    assertThat(client.events.bulkPush(request.build()).getEventsCount()).isEqualTo(1000);
    refused(() -> client.events.bulkPush(request.addEvents(event()).build()), Status.Code.INVALID_ARGUMENT,
        "Invalid request: too many events - 1001 is over maximum (1000)");
  }

  @Test
  void bulkPushedEventsNeedAKey() {
    refused(() -> client.events.bulkPush(BulkPushEventRequest.newBuilder().addEvents(event())
            .addEvents(event().setKey("")).build()),
        Status.Code.INVALID_ARGUMENT, "Invalid request: events failing validation error 400: 1 error occurred:\n"
            + "\t* validation failed on field 'CreateEventOpts.Key': on condition 'required'\n\n");
  }

  @Test
  void bulkPushChecksEachEventLikePush() {
    refused(() -> client.events.bulkPush(BulkPushEventRequest.newBuilder().addEvents(event())
            .addEvents(event().setPriority(9)).build()),
        Status.Code.INVALID_ARGUMENT, "priority must be between 1 and 3, got 9");
  }

  // ---------------------------------------------------------------- ScheduleWorkflow

  private static ScheduleWorkflowRequest.Builder schedule() {
    Instant in = Instant.now().plusSeconds(3600);
    return ScheduleWorkflowRequest.newBuilder().setName(WF).setInput("{}")
        .addSchedules(Timestamp.newBuilder().setSeconds(in.getEpochSecond()));
  }

  @Test
  void scheduledWorkflowsMustExist() {
    refused(() -> client.workflows.scheduleWorkflow(schedule().setName("never-registered").build()),
        Status.Code.NOT_FOUND, "workflow not found");
  }

  @Test
  void aScheduledChildNeedsItsParentTaskAndIndex() {
    String parent = UUID.randomUUID().toString();
    refused(() -> client.workflows.scheduleWorkflow(schedule().setParentId(parent).build()),
        Status.Code.INVALID_ARGUMENT, "parent task run id is required when parent id is provided");
    refused(() -> client.workflows.scheduleWorkflow(schedule().setParentId(parent).setParentTaskRunExternalId(parent)
            .build()),
        Status.Code.INVALID_ARGUMENT, "child index is required when parent id is provided");
  }

  @Test
  void scheduleInputMetadataAndPriorityAreChecked() {
    refused(() -> client.workflows.scheduleWorkflow(schedule().setAdditionalMetadata("x").setInput("y").build()),
        Status.Code.INVALID_ARGUMENT, "Invalid request: invalid json in field `additionalMetadata`");
    refused(() -> client.workflows.scheduleWorkflow(schedule().setInput("y").build()),
        Status.Code.INVALID_ARGUMENT, "Invalid request: invalid json in field `payload`");
    refused(() -> client.workflows.scheduleWorkflow(schedule().setPriority(4).build()),
        Status.Code.INVALID_ARGUMENT, "priority must be between 1 and 3, got 4");
    assertThat(client.workflows.scheduleWorkflow(schedule().setPriority(3).build()).getScheduledWorkflowsCount())
        .isEqualTo(1);
  }

  @Test
  void aScheduleWithNoTimesSchedulesNothing() {
    assertThat(client.workflows.scheduleWorkflow(schedule().clearSchedules().build()).getScheduledWorkflowsCount())
        .isZero();
  }

  @Test
  void aTimeInThePastIsAcceptedAndFiresAtOnce() throws Exception {
    client.register("past-due", task("past-due", "t"));
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action("past-due", "t"))) {
      Instant past = Instant.now().minusSeconds(3600);
      client.workflows.scheduleWorkflow(ScheduleWorkflowRequest.newBuilder().setName("past-due").setInput("{\"a\":1}")
          .addSchedules(Timestamp.newBuilder().setSeconds(past.getEpochSecond())).build());
      AssignedAction start = worker.nextStart();
      assertThat(start.getActionPayload()).contains("\"a\":1");
      worker.completed(start, "{}");
    }
  }
}
