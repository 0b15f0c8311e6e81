package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.DispatcherGrpc;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;
import io.hatchet4j.proto.dispatcher.HeartbeatRequest;
import io.hatchet4j.proto.dispatcher.RuntimeInfo;
import io.hatchet4j.proto.dispatcher.SDKS;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import io.hatchet4j.proto.events.Event;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.GetRunDetailsRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.CreateWorkflowJobOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowStepOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowVersionOpts;
import io.hatchet4j.proto.workflows.PutWorkflowRequest;
import io.hatchet4j.proto.workflows.WorkflowVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Authentication, validation and the protocol's edges. */
class ProtocolTest extends SharedEngineTest {

  private static void assertStatus(ThrowingCallable call, Status.Code code, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).contains(message);
        });
  }

  @Test
  void rejectsCallsWithoutAValidToken() throws Exception {
    try (TestClient anonymous = TestClient.connect(engine, null);
        TestClient garbage = TestClient.connect(engine, "ey.not-a.token")) {
      for (TestClient c : List.of(anonymous, garbage)) {
        assertStatus(() -> c.dispatcher.getVersion(GetVersionRequest.getDefaultInstance()),
            Status.Code.UNAUTHENTICATED, "invalid auth token");
        assertStatus(() -> c.trigger("anything", "{}"), Status.Code.UNAUTHENTICATED, "invalid auth token");
      }
    }
  }

  @Test
  void acceptsTheBearerSchemeInAnyCase() throws Exception {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + engine.token());
    ManagedChannel channel = NettyChannelBuilder
        .forTarget(engine.grpcTarget()).usePlaintext()
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
    try {
      assertThat(DispatcherGrpc.newBlockingStub(channel)
          .getVersion(GetVersionRequest.getDefaultInstance()).getVersion()).isNotEmpty();
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void keepsTenantsApart() throws Exception {
    client.register("private", task("private", "t"));
    String runId = client.trigger("private", "{}");
    Tenant other = engine.createTenant("other");
    assertThat(other.id()).isNotEqualTo(engine.tenantId());
    try (TestClient intruder = TestClient.connect(engine, other.token())) {
      assertStatus(() -> intruder.details(runId), Status.Code.NOT_FOUND, "not found");
      assertStatus(() -> intruder.trigger("private", "{}"), Status.Code.INVALID_ARGUMENT, "workflow names not found: private");
      assertStatus(() -> intruder.admin.getRunDetails(GetRunDetailsRequest.newBuilder().setExternalId(UUID.randomUUID().toString()).build()),
          Status.Code.NOT_FOUND, "not found");
    }
  }

  @Test
  void rejectsUnknownWorkflowsAndBadTriggers() {
    assertStatus(() -> client.trigger("nope", "{}"), Status.Code.INVALID_ARGUMENT, "workflow names not found: nope");
    client.register("valid", task("valid", "t"));
    assertStatus(() -> client.trigger("valid", "[1]"), Status.Code.INVALID_ARGUMENT, "input must be a JSON object");
    assertStatus(() -> client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder()
            .setName("valid").setInput("{}").setAdditionalMetadata("nope").build()),
        Status.Code.INVALID_ARGUMENT, "Invalid request: invalid json in field `additionalMetadata`");
    assertStatus(() -> client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder()
            .setName("valid").setInput("{}").setPriority(4).build()),
        Status.Code.INVALID_ARGUMENT, "priority must be between 1 and 3");
  }

  @Test
  void bulkTriggersKeepRequestOrderAndAreAllOrNothing() {
    client.register("bulk", task("bulk", "t"));
    BulkTriggerWorkflowRequest.Builder request = BulkTriggerWorkflowRequest.newBuilder();
    for (int i = 0; i < 5; i++) {
      request.addWorkflows(TriggerWorkflowRequest.newBuilder().setName("bulk").setInput("{\"i\": " + i + "}"));
    }
    List<String> ids = client.workflows.bulkTriggerWorkflow(request.build()).getWorkflowRunIdsList();
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    for (int i = 0; i < ids.size(); i++) {
      assertThat(client.details(ids.get(i)).getInput().toStringUtf8()).isEqualTo("{\"i\":" + i + "}");
    }

    int before = engineRunCount();
    BulkTriggerWorkflowRequest withUnknown = BulkTriggerWorkflowRequest.newBuilder()
        .addWorkflows(TriggerWorkflowRequest.newBuilder().setName("bulk").setInput("{}"))
        .addWorkflows(TriggerWorkflowRequest.newBuilder().setName("missing").setInput("{}"))
        .build();
    assertStatus(() -> client.workflows.bulkTriggerWorkflow(withUnknown), Status.Code.INVALID_ARGUMENT,
        "workflow names not found: missing");
    assertThat(engineRunCount()).isEqualTo(before);
  }

  private static int engineRunCount() {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(httpGet("/api/v1/hatchet4j/runs", engine.token()).body())
          .get("rows").size();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void validatesWorkflowDefinitions() {
    // RegistrationChecksTest has one test per rule; these are the common mistakes.
    assertStatus(() -> client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().addTasks(task("x", "t")).build()),
        Status.Code.INVALID_ARGUMENT, "validation failed on field 'CreateWorkflowVersionOpts.Name': on condition 'required'");
    assertStatus(() -> client.register("dup", task("dup", "a"), task("dup", "a")),
        Status.Code.INTERNAL, "An internal error occurred.");
    assertStatus(() -> client.register("orphan", task("orphan", "a").addParents("ghost")),
        Status.Code.INVALID_ARGUMENT, "dag parent not found: parent step 'ghost' not found for step 'a'");
    assertStatus(() -> client.register("cycle", task("cycle", "a").addParents("b"), task("cycle", "b").addParents("a")),
        Status.Code.INTERNAL, "An internal error occurred.");
    assertStatus(() -> client.register("badtimeout", task("badtimeout", "a").setTimeout("soon")),
        Status.Code.INVALID_ARGUMENT, "validation failed on field 'CreateWorkflowVersionOpts.Tasks[0].Timeout': Invalid duration");
  }

  @Test
  void registeringTheSameDefinitionKeepsItsVersion() {
    CreateWorkflowVersionRequest request = CreateWorkflowVersionRequest.newBuilder()
        .setName("stable").addTasks(task("stable", "t")).build();
    String first = client.admin.putWorkflow(request).getId();
    assertThat(client.admin.putWorkflow(request).getId()).isEqualTo(first);
    String changed = client.admin.putWorkflow(request.toBuilder().addEventTriggers("user:created").build()).getId();
    assertThat(changed).isNotEqualTo(first);
  }

  @Test
  void acceptsGzipCompressedRequests() {
    client.register("gzip", task("gzip", "t"));
    String runId = client.workflows.withCompression("gzip")
        .triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("gzip").setInput("{\"big\": \"" + "x".repeat(10_000) + "\"}").build())
        .getWorkflowRunId();
    assertThat(client.details(runId).getInput().size()).isGreaterThan(10_000);
  }

  @Test
  void startsEventTriggeredWorkflowsWithTheEventAsInput() throws Exception {
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder()
        .setName("on-signup").addEventTriggers("user:signup").addTasks(task("on-signup", "welcome")).build());
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("on-signup", "welcome"))) {
      Event event = client.events.push(PushEventRequest.newBuilder()
          .setKey("user:signup").setPayload("{\"user\": \"ada\"}").setAdditionalMetadata("{\"k\": \"v\"}").build());
      assertThat(event.getTenantId()).isEqualTo(engine.tenantId());
      assertThat(event.getEventId()).isNotEmpty();
      AssignedAction action = worker.nextStart();
      assertThat(action.getTriggeringEventExternalId()).isEqualTo(event.getEventId());
      assertThat(action.getTriggeringEventKey()).isEqualTo("user:signup");
      assertThat(action.getActionPayload()).contains("\"input\":{\"user\":\"ada\"}");
      // The engine adds the run's traceparent, as upstream does.
      assertThat(action.getAdditionalMetadata()).startsWith("{\"k\":\"v\",").contains("\"traceparent\":\"00-");
      worker.completed(action, "{}");
    }
    assertStatus(() -> client.events.push(PushEventRequest.newBuilder().setKey("k").setPayload("3").build()),
        Status.Code.INVALID_ARGUMENT, "payload must be a JSON object");
  }

  @Test
  void checksWorkerRegistrationAndHeartbeats() {
    assertStatus(() -> client.dispatcher.register(WorkerRegisterRequest.newBuilder()
            .setWorkerName("w").setSlots(3).putSlotConfig("default", 3).build()),
        Status.Code.INVALID_ARGUMENT, "not both");
    assertStatus(() -> client.dispatcher.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(UUID.randomUUID().toString()).build()),
        Status.Code.NOT_FOUND, "worker not found");
    String workerId = client.dispatcher.register(WorkerRegisterRequest.newBuilder().setWorkerName("w").build()).getWorkerId();
    // Before its first listen stream a worker may heartbeat.
    client.dispatcher.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(workerId).build());
  }

  @Test
  void refusesWorkerLanguagesTheRealEngineRefuses() {
    // Upstream accepts runtime_info.language only as GO, PYTHON, TYPESCRIPT or RUBY, and answers
    // anything else (UNKNOWN included) with its generic INTERNAL error.
    for (SDKS language : List.of(SDKS.UNKNOWN)) {
      assertStatus(() -> client.dispatcher.register(WorkerRegisterRequest.newBuilder().setWorkerName("w")
              .setRuntimeInfo(RuntimeInfo.newBuilder().setLanguage(language).setExtra("hatchet4j")).build()),
          Status.Code.INTERNAL, "An internal error occurred.");
    }
    for (SDKS language : List.of(SDKS.GO, SDKS.PYTHON, SDKS.TYPESCRIPT, SDKS.RUBY)) {
      assertThat(client.dispatcher.register(WorkerRegisterRequest.newBuilder().setWorkerName("w")
          .setRuntimeInfo(RuntimeInfo.newBuilder().setLanguage(language)).build()).getWorkerId()).isNotEmpty();
    }
    // Left unset, as hatchet4j's worker leaves it, the check is skipped.
    assertThat(client.dispatcher.register(WorkerRegisterRequest.newBuilder().setWorkerName("w")
        .setRuntimeInfo(RuntimeInfo.newBuilder().setSdkVersion("1").setExtra("hatchet4j")).build()).getWorkerId())
        .isNotEmpty();
  }

  @Test
  void rejectsHeartbeatsOfAWorkerWhoseStreamIsGone() throws Exception {
    TestWorker worker = TestWorker.start(client, 1, "none:t");
    client.dispatcher.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(worker.id).build());
    worker.disconnect();
    TestClient.await("heartbeat to be rejected", () -> {
      try {
        client.dispatcher.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(worker.id).build());
        return false;
      } catch (StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION;
      }
    });
  }

  @Test
  void answersReadinessAndListsRunsOverHttp() throws Exception {
    HttpResponse<String> ready = httpGet("/api/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"ok\"}");

    assertThat(httpGet("/api/v1/hatchet4j/runs", null).statusCode()).isEqualTo(401);
    assertThat(httpGet("/api/v1/hatchet4j/runs", "garbage").statusCode()).isEqualTo(401);

    client.register("listed", task("listed", "t"));
    String runId = client.trigger("listed", "{}");
    HttpResponse<String> runs = httpGet("/api/v1/hatchet4j/runs", engine.token());
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).contains(runId).contains("\"workflow\":\"listed\"").contains("\"status\":\"QUEUED\"");
    assertThat(httpGet("/api/v1/hatchet4j/runs", engine.createTenant("empty").token()).body()).doesNotContain(runId);
  }

  private static HttpResponse<String> httpGet(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.httpUrl() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsTheLegacyRegistrationShape() {
    WorkflowVersion version = client.workflows.putWorkflow(
        PutWorkflowRequest.newBuilder()
            .setOpts(CreateWorkflowVersionOpts.newBuilder()
                .setName("legacy")
                .setVersion("v1")
                .addJobs(CreateWorkflowJobOpts.newBuilder()
                    .setName("job")
                    .addSteps(CreateWorkflowStepOpts.newBuilder()
                        .setReadableId("step").setAction("legacy:step").setTimeout("30s"))))
            .build());
    assertThat(version.getId()).isNotEmpty();
    assertThat(version.getOrder()).isEqualTo(1);
    assertThat(client.trigger("legacy", "{}")).isNotEmpty();
  }
}
