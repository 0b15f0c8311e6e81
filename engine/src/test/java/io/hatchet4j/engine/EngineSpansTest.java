package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static io.hatchet4j.engine.TraceTesting.expectedEventSpanId;
import static io.hatchet4j.engine.TraceTesting.expectedRunSpanId;
import static io.hatchet4j.engine.TraceTesting.expectedTaskSpanId;
import static io.hatchet4j.engine.TraceTesting.expectedTraceId;
import static io.hatchet4j.engine.TraceTesting.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.events.Event;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's own spans of runs, with ids computed here from upstream's formula. */
class EngineSpansTest {
  private static HatchetEngine engine;
  private TestClient client;

  @BeforeAll
  static void start() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @BeforeEach
  void connect() {
    client = TestClient.connect(engine, engine.token());
  }

  @AfterEach
  void disconnect() throws Exception {
    client.close();
  }

  private JsonNode rows(String runId) throws Exception {
    return TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), runId);
  }

  @Test
  void aRunTriggeredWithoutTracingGetsItsOwnDerivedTrace() throws Exception {
    client.register("plain", task("plain", "only"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("plain", "only"))) {
      String runId = client.trigger("plain", "{}");
      AssignedAction action = worker.nextStart();
      String trace = expectedTraceId(runId);
      String root = expectedRunSpanId(runId);
      // The worker gets the run's traceparent, so its spans join the engine's trace.
      assertThat(action.getAdditionalMetadata()).isEqualTo("{\"traceparent\":\"00-" + trace + "-" + root + "-01\"}");
      worker.started(action);
      worker.completed(action, "{\"ok\":true}");
      client.awaitResult(runId);

      JsonNode rows = rows(runId);
      assertThat(rows).extracting(r -> r.get("spanName").asText()).containsExactlyInAnyOrder(
          "hatchet.engine.workflow_run", "hatchet.engine.queued", "hatchet.engine.start_step_run");
      assertThat(rows).allSatisfy(r -> {
        assertThat(r.get("traceId").asText()).isEqualTo(trace);
        assertThat(r.get("serviceName").asText()).isEqualTo("hatchet-engine");
        assertThat(r.get("spanKind").asText()).isEqualTo("INTERNAL");
        assertThat(r.get("spanAttributes").get("hatchet.span_source").asText()).isEqualTo("engine");
        assertThat(r.get("resourceAttributes").toString()).isEqualTo("{\"service.name\":\"hatchet-engine\"}");
        assertThat(r.get("scopeName").asText()).isEqualTo("hatchet-engine");
      });
      JsonNode run = only(rows, "hatchet.engine.workflow_run");
      assertThat(run.get("spanId").asText()).isEqualTo(root);
      assertThat(run.get("parentSpanId").isNull()).isTrue();
      assertThat(run.get("durationNs").asLong()).isZero();
      assertThat(run.get("spanAttributes").get("hatchet.workflow_name").asText()).isEqualTo("plain");
      assertThat(run.get("spanAttributes").get("hatchet.workflow_run_id").asText()).isEqualTo(runId);
      JsonNode queued = only(rows, "hatchet.engine.queued");
      assertThat(queued.get("spanId").asText()).isEqualTo(expectedTaskSpanId(runId, 0, "queued"));
      assertThat(queued.get("parentSpanId").asText()).isEqualTo(root);
      JsonNode attempt = only(rows, "hatchet.engine.start_step_run");
      assertThat(attempt.get("spanId").asText()).isEqualTo(expectedTaskSpanId(runId, 0, "step_run"));
      assertThat(attempt.get("parentSpanId").asText()).isEqualTo(root);
      assertThat(attempt.get("statusCode").asText()).isEqualTo("OK");
      JsonNode attributes = attempt.get("spanAttributes");
      assertThat(attributes.get("hatchet.step_run_id").asText()).isEqualTo(runId);
      assertThat(attributes.get("hatchet.retry_count").asText()).isEqualTo("0");
      assertThat(attributes.get("hatchet.action_id").asText()).isEqualTo("plain:only");
      assertThat(attributes.get("hatchet.step_name").asText()).isEqualTo("only");
      assertThat(attributes.get("hatchet.task_name").asText()).isEqualTo("only");
      assertThat(attributes.get("hatchet.step_id").asText()).isEqualTo(action.getTaskId());
      assertThat(attributes.get("hatchet.workflow_id").asText()).isEqualTo(action.getWorkflowId());
      assertThat(attributes.get("hatchet.workflow_version_id").asText()).isEqualTo(action.getWorkflowVersionId());
    }
  }

  @Test
  void everyTaskOfADagRunIsInTheRunsOneTrace() throws Exception {
    client.register("dag-trace", task("dag-trace", "first"), task("dag-trace", "second").addParents("first"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("dag-trace", "first"),
        TestClient.action("dag-trace", "second"))) {
      String runId = client.trigger("dag-trace", "{}");
      Set<String> taskIds = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        AssignedAction action = worker.nextStart();
        taskIds.add(action.getTaskRunExternalId());
        worker.started(action);
        worker.completed(action, "{}");
      }
      client.awaitResult(runId);
      JsonNode rows = rows(runId);
      assertThat(rows).hasSize(5);
      assertThat(rows).extracting(r -> r.get("traceId").asText()).containsOnly(expectedTraceId(runId));
      for (String taskId : taskIds) {
        assertThat(TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskId)).hasSize(5);
        assertThat(rows).extracting(r -> r.get("spanId").asText())
            .contains(expectedTaskSpanId(taskId, 0, "queued"), expectedTaskSpanId(taskId, 0, "step_run"));
      }
    }
  }

  @Test
  void aTracedTriggerPutsTheRunUnderTheProducerSpan() throws Exception {
    client.register("traced", task("traced", "only").setRetries(1));
    String sdkTrace = TraceTesting.randomHex(16);
    String producer = TraceTesting.randomHex(8);
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("traced", "only"))) {
      String runId = client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("traced")
          .setInput("{}").setAdditionalMetadata("{\"traceparent\":\"00-" + sdkTrace + "-" + producer + "-01\"}")
          .build()).getWorkflowRunId();
      AssignedAction first = worker.nextStart();
      assertThat(first.getAdditionalMetadata()).contains(producer);
      worker.started(first);
      worker.failed(first, "flaky", false);
      AssignedAction second = worker.nextStart();
      worker.started(second);
      worker.completed(second, "{}");
      client.awaitResult(runId);

      JsonNode rows = rows(runId);
      assertThat(rows).extracting(r -> r.get("traceId").asText()).containsOnly(sdkTrace);
      assertThat(only(rows, "hatchet.engine.workflow_run").get("parentSpanId").asText()).isEqualTo(producer);
      // Each attempt has its queued time and its own span; the failed one says why.
      assertThat(rows).extracting(r -> r.get("spanId").asText()).contains(
          expectedTaskSpanId(runId, 0, "queued"), expectedTaskSpanId(runId, 0, "step_run"),
          expectedTaskSpanId(runId, 1, "queued"), expectedTaskSpanId(runId, 1, "step_run"));
      JsonNode failed = find(rows, expectedTaskSpanId(runId, 0, "step_run"));
      assertThat(failed.get("statusCode").asText()).isEqualTo("ERROR");
      assertThat(failed.get("statusMessage").asText()).isEqualTo("flaky");
      assertThat(failed.get("retryCount").asInt()).isZero();
      assertThat(find(rows, expectedTaskSpanId(runId, 1, "step_run")).get("retryCount").asInt()).isEqualTo(1);
      JsonNode page = TraceTesting.get(engine, engine.token(), "/api/v1/stable/tenants/" + engine.tenantId()
          + "/traces?run_external_id=" + runId).body();
      assertThat(page.get("retryCounts").toString()).isEqualTo("[0,1]");
    }
  }

  @Test
  void aChildRunJoinsItsParentsTraceUnderTheSpawningTask() throws Exception {
    client.register("parent-trace", task("parent-trace", "spawn"));
    client.register("child-trace", task("child-trace", "work"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("parent-trace", "spawn"),
        TestClient.action("child-trace", "work"))) {
      String parentRun = client.trigger("parent-trace", "{}");
      AssignedAction parent = worker.nextStart();
      worker.started(parent);
      String child = client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("child-trace")
          .setInput("{}").setParentId(parentRun).setParentTaskRunExternalId(parent.getTaskRunExternalId())
          .setChildIndex(0).build()).getWorkflowRunId();
      AssignedAction childAction = worker.nextStart();
      // The child carries its parent's trace, so the worker's spans of both runs share one trace.
      assertThat(childAction.getAdditionalMetadata()).contains("\"traceparent\":\"00-" + expectedTraceId(parentRun) + "-");
      worker.started(childAction);
      worker.completed(childAction, "{}");
      worker.completed(parent, "{}");
      client.awaitResult(parentRun);

      JsonNode rows = rows(child);
      assertThat(rows).extracting(r -> r.get("traceId").asText()).containsOnly(expectedTraceId(parentRun));
      assertThat(rows).hasSize(6);
      JsonNode childRoot = find(rows, expectedRunSpanId(child));
      assertThat(childRoot.get("parentSpanId").asText())
          .isEqualTo(expectedTaskSpanId(parent.getTaskRunExternalId(), 0, "step_run"));
    }
  }

  @Test
  void anEventSpanLinksTheEventToTheRunsItTriggered() throws Exception {
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder()
        .setName("on-order").addEventTriggers("order:placed").addTasks(task("on-order", "ship")).build());
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("on-order", "ship"))) {
      Event event = client.events.push(PushEventRequest.newBuilder().setKey("order:placed").setPayload("{}").build());
      AssignedAction action = worker.nextStart();
      String runId = action.getWorkflowRunId();
      worker.started(action);
      worker.completed(action, "{}");
      client.awaitResult(runId);

      JsonNode rows = rows(runId);
      JsonNode eventSpan = only(rows, "hatchet.engine.event");
      assertThat(eventSpan.get("spanId").asText()).isEqualTo(expectedEventSpanId(event.getEventId(), runId));
      assertThat(eventSpan.get("traceId").asText()).isEqualTo(expectedTraceId(runId));
      assertThat(eventSpan.get("parentSpanId").isNull()).isTrue();
      assertThat(eventSpan.get("spanAttributes").get("hatchet.event_key").asText()).isEqualTo("order:placed");
      assertThat(eventSpan.get("spanAttributes").get("hatchet.event_id").asText()).isEqualTo(event.getEventId());
      assertThat(only(rows, "hatchet.engine.workflow_run").get("parentSpanId").asText())
          .isEqualTo(expectedEventSpanId(event.getEventId(), runId));
    }
  }

  private static JsonNode find(JsonNode rows, String spanId) {
    for (JsonNode row : rows) {
      if (row.get("spanId").asText().equals(spanId)) {
        return row;
      }
    }
    throw new AssertionError("no span " + spanId + " in " + rows);
  }
}
