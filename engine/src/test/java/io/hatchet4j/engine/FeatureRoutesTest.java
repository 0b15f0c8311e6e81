package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DefaultFilter;
import io.hatchet4j.proto.v1.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST routes behind the official SDKs' feature clients that the engine gained with them:
 * filters and their effect on events, workflow delete and version, metrics, one event, and bulk
 * replay by filter.
 */
class FeatureRoutesTest {
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
  private HatchetEngine engine;
  private TestClient client;
  private Rest rest;
  private String tenant;
  private String workflowId;

  @BeforeEach
  void start() throws Exception {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
    client = TestClient.connect(engine, engine.token());
    rest = new Rest(engine, engine.token());
    tenant = engine.tenantId();
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("orders")
        .addEventTriggers("order:placed").addTasks(task("orders", "handle")).build());
    workflowId = rest.get("/api/v1/tenants/" + tenant + "/workflows?name=orders").body()
        .get("rows").get(0).get("metadata").get("id").asText();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    engine.close();
  }

  private String filters() {
    return "/api/v1/stable/tenants/" + tenant + "/filters";
  }

  private static String error(Rest.Answer answer) {
    return answer.body().get("errors").get(0).get("description").asText();
  }

  private Rest.Answer createFilter(String expression, String scope, String payload) throws Exception {
    return rest.post(filters(), "{\"workflowId\":\"" + workflowId + "\",\"expression\":\"" + expression
        + "\",\"scope\":\"" + scope + "\",\"payload\":" + payload + "}");
  }

  private List<String> push(String scope, String payload) throws Exception {
    PushEventRequest.Builder event = PushEventRequest.newBuilder().setKey("order:placed").setPayload(payload);
    if (scope != null) {
      event.setScope(scope);
    }
    String eventId = client.events.push(event.build()).getEventId();
    JsonNode runs = rest.get("/api/v1/stable/tenants/" + tenant + "/events/" + eventId).body().get("triggeredRuns");
    List<String> ids = new ArrayList<>();
    runs.forEach(run -> ids.add(run.get("workflowRunId").asText()));
    return ids;
  }

  @Test
  void filtersAreCreatedListedUpdatedAndDeletedInUpstreamsShape() throws Exception {
    Rest.Answer created = createFilter("input.amount > payload.min", "shop-1", "{\"min\":100}");
    assertThat(created.status()).isEqualTo(200);
    JsonNode filter = created.body();
    String id = filter.get("metadata").get("id").asText();
    assertThat(filter.get("workflowId").asText()).isEqualTo(workflowId);
    assertThat(filter.get("tenantId").asText()).isEqualTo(tenant);
    assertThat(filter.get("scope").asText()).isEqualTo("shop-1");
    assertThat(filter.get("payload").get("min").asInt()).isEqualTo(100);
    assertThat(filter.get("isDeclarative").asBoolean()).isFalse();
    createFilter("true", "shop-2", "{}");

    assertThat(rest.get(filters()).body().get("rows")).hasSize(2);
    JsonNode shop1 = rest.get(filters() + "?scopes=shop-1&workflowIds=" + workflowId).body();
    assertThat(shop1.get("rows")).extracting(row -> row.get("metadata").get("id").asText()).containsExactly(id);
    assertThat(rest.get(filters() + "?limit=1&offset=1").body().get("rows")).hasSize(1);

    Rest.Answer updated = rest.patch(filters() + "/" + id, "{\"expression\":\"input.amount > 5\"}");
    assertThat(updated.body().get("expression").asText()).isEqualTo("input.amount > 5");
    assertThat(updated.body().get("scope").asText()).as("unchanged").isEqualTo("shop-1");
    Rest.Answer deleted = rest.delete(filters() + "/" + id);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().get("metadata").get("id").asText()).isEqualTo(id);
    assertThat(rest.get(filters() + "/" + id).status()).isEqualTo(404);
  }

  @Test
  void badFilterRequestsAreRefused() throws Exception {
    Rest.Answer badWorkflow = rest.post(filters(), "{\"workflowId\":\"nope\",\"expression\":\"true\",\"scope\":\"s\"}");
    assertThat(badWorkflow.status()).isEqualTo(400);
    assertThat(error(badWorkflow)).isEqualTo("workflow id is not a valid uuid");
    Rest.Answer noScope = rest.post(filters(), "{\"workflowId\":\"" + workflowId + "\",\"expression\":\"true\"}");
    assertThat(noScope.status()).isEqualTo(400);
    assertThat(error(noScope)).contains("scope");
    Rest.Answer unknown = rest.post(filters(),
        "{\"workflowId\":\"00000000-0000-0000-0000-000000000000\",\"expression\":\"true\",\"scope\":\"s\"}");
    assertThat(unknown.status()).isEqualTo(404);
    Rest.Answer notObject = createFilter("true", "s", "[1]");
    assertThat(notObject.status()).isEqualTo(400);
    assertThat(rest.get(filters() + "/not-a-uuid").status()).isEqualTo(400);
  }

  @Test
  void eventsStartAFilteredWorkflowOncePerPassingFilterOfTheirScope() throws Exception {
    assertThat(push(null, "{\"amount\":1}")).as("no filters yet: every event runs").hasSize(1);
    createFilter("input.amount > payload.min", "shop-1", "{\"min\":100}");
    createFilter("input.amount > 10", "shop-1", "{}");
    createFilter("true", "shop-2", "{}");

    assertThat(push("shop-1", "{\"amount\":500}")).as("both shop-1 filters pass").hasSize(2);
    assertThat(push("shop-1", "{\"amount\":50}")).as("one passes").hasSize(1);
    assertThat(push("shop-1", "{\"amount\":5}")).as("none passes").isEmpty();
    assertThat(push(null, "{\"amount\":500}")).as("no scope, and the workflow has filters").isEmpty();
    assertThat(push("shop-3", "{\"amount\":500}")).as("a scope without filters").isEmpty();
  }

  @Test
  void eachRunAFilterStartedSeesThatFiltersPayload() throws Exception {
    createFilter("true", "shop-1", "{\"filter_id\":\"1\"}");
    createFilter("true", "shop-1", "{\"filter_id\":\"2\"}");
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("orders", "handle"))) {
      assertThat(push("shop-1", "{}")).hasSize(2);
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        JsonNode payload = MAPPER.readTree(worker.nextStart().getActionPayload());
        seen.add(payload.get("triggers").get("filter_payload").get("filter_id").asText());
      }
      assertThat(seen).containsExactlyInAnyOrder("1", "2");
    }
  }

  @Test
  void declaredFiltersAreListedAsDeclarativeAndReplacedByTheNextRegistration() throws Exception {
    CreateWorkflowVersionRequest.Builder declared = CreateWorkflowVersionRequest.newBuilder().setName("orders")
        .addEventTriggers("order:placed").addTasks(task("orders", "handle"))
        .addDefaultFilters(DefaultFilter.newBuilder().setScope("vip").setExpression("true")
            .setPayload(ByteString.copyFromUtf8("{\"tier\":\"gold\"}")));
    client.admin.putWorkflow(declared.build());
    JsonNode rows = rest.get(filters()).body().get("rows");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("isDeclarative").asBoolean()).isTrue();
    assertThat(rows.get(0).get("payload").get("tier").asText()).isEqualTo("gold");
    client.admin.putWorkflow(declared.build());
    assertThat(rest.get(filters()).body().get("rows").get(0).get("metadata"))
        .as("the same declaration keeps its filter").isEqualTo(rows.get(0).get("metadata"));

    client.admin.putWorkflow(declared.clearDefaultFilters()
        .addDefaultFilters(DefaultFilter.newBuilder().setScope("vip").setExpression("input.amount > 1")).build());
    JsonNode replaced = rest.get(filters()).body().get("rows");
    assertThat(replaced).hasSize(1);
    assertThat(replaced.get(0).get("expression").asText()).isEqualTo("input.amount > 1");
  }

  @Test
  void aDeletedWorkflowIsNoLongerListedOrTriggeredAndItsNameMakesANewOne() throws Exception {
    assertThat(rest.patch("/api/v1/workflows/" + workflowId, "{\"pause\":{\"action\":\"pause\"}}").status())
        .as("pausing is refused, not ignored").isEqualTo(501);
    JsonNode version = rest.get("/api/v1/workflows/" + workflowId + "/versions").body();
    assertThat(version.get("workflowId").asText()).isEqualTo(workflowId);
    assertThat(version.get("order").asInt()).isEqualTo(1);
    createFilter("true", "s", "{}");

    assertThat(rest.delete("/api/v1/workflows/" + workflowId).status()).isEqualTo(204);

    assertThat(rest.get("/api/v1/tenants/" + tenant + "/workflows").body().get("rows")).isEmpty();
    assertThat(rest.get("/api/v1/workflows/" + workflowId).status()).isEqualTo(404);
    assertThat(rest.get(filters()).body().get("rows")).as("its filters went with it").isEmpty();
    assertThat(rest.delete("/api/v1/workflows/" + workflowId).status()).isEqualTo(404);
    // Triggered, it is refused as a workflow that never existed is.
    Status.Code unknown = Status.fromThrowable(catchThrowable(() -> client.trigger("never-registered", "{}"))).getCode();
    assertThatThrownBy(() -> client.trigger("orders", "{}"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(unknown).isNotEqualTo(Status.Code.OK));
    client.register("orders", task("orders", "handle"));
    String again = rest.get("/api/v1/tenants/" + tenant + "/workflows").body().get("rows").get(0)
        .get("metadata").get("id").asText();
    assertThat(again).isNotEqualTo(workflowId);
  }

  @Test
  void metricsCountTasksByStatusAndQueuedTasksByQueue() throws Exception {
    client.trigger("orders", "{}");
    client.trigger("orders", "{}");
    JsonNode metrics = rest.get("/api/v1/stable/tenants/" + tenant + "/task-metrics?since="
        + Instant.now().minusSeconds(3600)).body();
    assertThat(metrics).extracting(m -> m.get("status").asText())
        .containsExactly("CANCELLED", "COMPLETED", "FAILED", "QUEUED", "RUNNING");
    assertThat(metrics.get(3).get("count").asInt()).isEqualTo(2);
    assertThat(metrics.get(1).get("count").asInt()).isZero();

    JsonNode queues = rest.get("/api/v1/tenants/" + tenant + "/step-run-queue-metrics").body().get("queues");
    assertThat(queues.get(TestClient.action("orders", "handle")).asInt()).isEqualTo(2);
  }

  @Test
  void anEventIsReadByIdAndListedByTheWorkflowItStarted() throws Exception {
    String eventId = client.events.push(PushEventRequest.newBuilder().setKey("order:placed").setPayload("{\"a\":1}")
        .build()).getEventId();
    JsonNode event = rest.get("/api/v1/stable/tenants/" + tenant + "/events/" + eventId).body();
    assertThat(event.get("key").asText()).isEqualTo("order:placed");
    assertThat(event.get("payload").get("a").asInt()).isEqualTo(1);
    assertThat(event.get("workflowRunSummary").get("queued").asInt()).isEqualTo(1);
    assertThat(rest.get("/api/v1/stable/tenants/" + tenant + "/events/" + java.util.UUID.randomUUID()).status())
        .isEqualTo(404);
    assertThat(rest.get("/api/v1/stable/tenants/" + tenant + "/events?workflowIds=" + workflowId).body().get("rows"))
        .hasSize(1);
    assertThat(rest.get("/api/v1/stable/tenants/" + tenant + "/events?workflowRunStatuses=COMPLETED").body()
        .get("rows")).isEmpty();
  }

  @Test
  void bulkReplayByStatusAndWorkflowSelectsTheFailedRuns() throws Exception {
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("orders", "handle"))) {
      String failed = client.trigger("orders", "{}");
      AssignedAction start = worker.nextStart();
      worker.failed(start, "boom", true);
      client.awaitResult(failed);

      Rest.Answer replayed = rest.post("/api/v1/stable/tenants/" + tenant + "/tasks/replay",
          "{\"filter\":{\"since\":\"" + Instant.now().minusSeconds(3600) + "\",\"statuses\":[\"FAILED\",\"CANCELLED\"],"
              + "\"workflowIds\":[\"" + workflowId + "\"]}}");

      assertThat(replayed.status()).isEqualTo(200);
      assertThat(replayed.body().get("ids")).extracting(JsonNode::asText).containsExactly(start.getTaskRunExternalId());
      worker.completed(worker.nextStart(), "{}");
      TestClient.await("the replayed run", () -> client.details(failed).getStatus() == RunStatus.COMPLETED);
    }
  }
}
