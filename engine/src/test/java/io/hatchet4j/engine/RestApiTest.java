package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.proto.dispatcher.ActionType;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.events.PutLogRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.RunStatus;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST routes the official SDKs call: cancellation, shapes with their required fields, tenant isolation. */
class RestApiTest {
  private HatchetEngine engine;
  private TestClient client;
  private Rest rest;
  private String tenant;

  @BeforeEach
  void start() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
    client = TestClient.connect(engine, engine.token());
    rest = new Rest(engine, engine.token());
    tenant = engine.tenantId();
    client.register("work", task("work", "step"));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    engine.close();
  }

  private static void assertFields(JsonNode node, String... fields) {
    for (String field : fields) {
      assertThat(node.has(field)).as("field " + field + " of " + node).isTrue();
    }
  }

  private static void assertMeta(JsonNode node) {
    assertFields(node, "metadata");
    assertFields(node.get("metadata"), "id", "createdAt", "updatedAt");
    assertThat(node.get("metadata").get("id").asText()).hasSize(36);
    Instant.parse(node.get("metadata").get("createdAt").asText());
  }

  private String trigger(String metadata) {
    return client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("work").setInput("{}")
        .setAdditionalMetadata(metadata).build()).getWorkflowRunId();
  }

  @Test
  void cancellingARunningTaskTellsItsWorkerAndEndsTheRunCancelled() throws Exception {
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("work", "step"))) {
      String runId = trigger("{}");
      AssignedAction start = worker.nextStart();
      worker.started(start);
      var result = client.result(runId);

      Rest.Answer cancelled = rest.post("/api/v1/stable/tenants/" + tenant + "/tasks/cancel",
          "{\"externalIds\":[\"" + runId + "\"]}");
      assertThat(cancelled.status()).isEqualTo(200);
      assertThat(cancelled.body().get("ids")).extracting(JsonNode::asText).containsExactly(start.getTaskRunExternalId());
      AssignedAction cancel = worker.next();
      assertThat(cancel.getActionType()).isEqualTo(ActionType.CANCEL_STEP_RUN);
      assertThat(cancel.getTaskRunExternalId()).isEqualTo(start.getTaskRunExternalId());
      WorkflowRunEvent finished = result.get(2, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(finished.getResults(0).hasError()).isTrue();

      worker.completed(start, "{\"late\":true}"); // ignored: the task is cancelled
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.CANCELLED);
      assertThat(rest.get("/api/v1/stable/workflow-runs/" + runId + "/status").body().asText()).isEqualTo("CANCELLED");
    }
  }

  @Test
  void cancellingByFilterSelectsByTimeAndMetadata() throws Exception {
    String a = trigger("{\"batch\":\"1\"}");
    String b = trigger("{\"batch\":\"1\"}");
    String other = trigger("{\"batch\":\"2\"}");
    String since = Instant.now().minusSeconds(3600).toString();
    Rest.Answer answer = rest.post("/api/v1/stable/tenants/" + tenant + "/tasks/cancel",
        "{\"filter\":{\"since\":\"" + since + "\",\"statuses\":[\"QUEUED\"],\"additionalMetadata\":[\"batch:1\"]}}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("ids")).extracting(JsonNode::asText).containsExactlyInAnyOrder(a, b);
    assertThat(client.details(a).getStatus()).isEqualTo(RunStatus.CANCELLED);
    assertThat(client.details(other).getStatus()).isEqualTo(RunStatus.QUEUED);

    Rest.Answer noSince = rest.post("/api/v1/stable/tenants/" + tenant + "/tasks/cancel", "{\"filter\":{}}");
    assertThat(noSince.status()).isEqualTo(400);
    assertThat(noSince.body().get("errors").get(0).get("description").asText()).contains("since");
  }

  @Test
  void replayRunsAFinishedRunAgain() throws Exception {
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("work", "step"))) {
      String runId = trigger("{}");
      AssignedAction start = worker.nextStart();
      worker.failed(start, "boom", true);
      client.awaitResult(runId);
      Rest.Answer replayed = rest.post("/api/v1/stable/tenants/" + tenant + "/tasks/replay",
          "{\"externalIds\":[\"" + runId + "\"]}");
      assertThat(replayed.body().get("ids")).extracting(JsonNode::asText).containsExactly(start.getTaskRunExternalId());
      AssignedAction again = worker.nextStart();
      worker.completed(again, "{\"ok\":true}");
      TestClient.await("the replayed run", () -> client.details(runId).getStatus() == RunStatus.COMPLETED);
    }
  }

  /**
   * Upstream filters by {@code name ILIKE '%<name>%'}, newest first. The TS SDK's {@code
   * workflows.get(name)} (behind crons, schedules and runs filters) sends a name without the
   * client's namespace and relies on that search to find the namespaced workflow (found by the
   * interop suite).
   */
  @Test
  void workflowListNameIsACaseInsensitiveSearchNewestFirst() throws Exception {
    client.register("team_a_Work-Daily", task("team_a_Work-Daily", "step"));
    client.register("other", task("other", "step"));
    String base = "/api/v1/tenants/" + tenant + "/workflows";

    assertThat(rest.get(base + "?name=work").body().get("rows")).extracting(w -> w.get("name").asText())
        .containsExactly("team_a_Work-Daily", "work");
    assertThat(rest.get(base + "?name=WORK-daily").body().get("rows")).extracting(w -> w.get("name").asText())
        .containsExactly("team_a_Work-Daily");
    assertThat(rest.get(base + "?name=nothing-like-it").body().get("rows")).isEmpty();
    assertThat(rest.get(base).body().get("rows")).hasSize(3);
  }

  @Test
  void readRoutesAnswerWithTheFieldsTheSdksRequire() throws Exception {
    JsonNode tenantJson = rest.get("/api/v1/tenants/" + tenant).body();
    assertMeta(tenantJson);
    assertFields(tenantJson, "name", "slug", "version");
    assertThat(tenantJson.get("version").asText()).isEqualTo("V1");

    JsonNode workflows = rest.get("/api/v1/tenants/" + tenant + "/workflows?name=work").body();
    assertThat(workflows.get("rows")).hasSize(1);
    assertMeta(workflows.get("rows").get(0));
    assertFields(workflows.get("rows").get(0), "name", "tenantId");
    assertFields(workflows.get("pagination"), "current_page", "next_page", "num_pages");

    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("on-event")
        .addEventTriggers("thing:happened").addTasks(task("on-event", "step")).build());
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("work", "step"), TestClient.action("on-event", "step"))) {
      client.events.push(PushEventRequest.newBuilder().setKey("thing:happened").setPayload("{\"n\":1}").build());
      AssignedAction start = worker.nextStart();
      worker.started(start);
      client.events.putLog(PutLogRequest.newBuilder().setTaskRunExternalId(start.getTaskRunExternalId())
          .setMessage("hello from the task").setLevel("INFO").build());
      worker.completed(start, "{\"done\":true}");
      String runId = start.getWorkflowRunId();
      TestClient.await("the run", () -> client.details(runId).getDone());

      JsonNode details = rest.get("/api/v1/stable/workflow-runs/" + runId).body();
      assertFields(details, "run", "taskEvents", "shape", "tasks");
      assertMeta(details.get("run"));
      assertFields(details.get("run"), "status", "tenantId", "displayName", "workflowId", "output", "input");
      assertThat(details.get("run").get("status").asText()).isEqualTo("COMPLETED");
      assertFields(details.get("shape").get(0), "taskExternalId", "stepId", "childrenStepIds", "taskName");
      JsonNode taskJson = details.get("tasks").get(0);
      assertMeta(taskJson);
      assertFields(taskJson, "createdAt", "displayName", "input", "numSpawnedChildren", "output", "status",
          "taskExternalId", "taskId", "taskInsertedAt", "tenantId", "type", "workflowId", "workflowRunExternalId");
      assertThat(taskJson.get("output").get("done").asBoolean()).isTrue();
      assertThat(rest.get("/api/v1/stable/tasks/" + start.getTaskRunExternalId()).body().get("taskExternalId").asText())
          .isEqualTo(start.getTaskRunExternalId());

      JsonNode runs = rest.get("/api/v1/stable/tenants/" + tenant + "/workflow-runs?statuses=COMPLETED").body();
      assertThat(runs.get("rows")).extracting(r -> r.get("workflowRunExternalId").asText()).containsExactly(runId);
      assertFields(runs, "pagination", "rows");
      assertThat(rest.get("/api/v1/stable/tenants/" + tenant + "/workflow-runs/external-ids?statuses=COMPLETED").body())
          .extracting(JsonNode::asText).containsExactly(runId);

      JsonNode logs = rest.get("/api/v1/stable/tasks/" + start.getTaskRunExternalId() + "/logs").body();
      assertFields(logs.get("rows").get(0), "createdAt", "message", "metadata");
      assertThat(logs.get("rows").get(0).get("message").asText()).isEqualTo("hello from the task");
      RunInfo info = engine.run(tenant, runId).orElseThrow();
      assertThat(info.workflowName()).isEqualTo("on-event");
      assertThat(info.status()).isEqualTo("COMPLETED");
      assertThat(info.triggeringEventId()).isPresent();
      assertThat(info.task("step").orElseThrow().logLines()).containsExactly("hello from the task");
      assertThat(info.task("step").orElseThrow().output()).contains("{\"done\":true}");
      assertThat(engine.run(tenant, "not-a-run")).isEmpty();

      JsonNode event = rest.get("/api/v1/stable/tenants/" + tenant + "/events").body().get("rows").get(0);
      assertMeta(event);
      assertFields(event, "key", "tenantId", "workflowRunSummary");
      assertThat(event.get("workflowRunSummary").get("succeeded").asInt()).isEqualTo(1);

      JsonNode workerJson = rest.get("/api/v1/workers/" + worker.id).body();
      assertMeta(workerJson);
      assertFields(workerJson, "name", "type", "status");
      assertThat(workerJson.get("status").asText()).isEqualTo("ACTIVE");
    }
  }

  @Test
  void schedulesOverRestHaveUpstreamsShape() throws Exception {
    String base = "/api/v1/tenants/" + tenant + "/workflows";
    String at = Instant.now().plusSeconds(3600).toString();
    Rest.Answer created = rest.post(base + "/WORK/scheduled",
        "{\"triggerAt\":\"" + at + "\",\"input\":{\"x\":1},\"additionalMetadata\":{\"k\":\"v\"},\"priority\":2}");
    assertThat(created.status()).isEqualTo(200);
    JsonNode schedule = created.body();
    assertMeta(schedule);
    assertFields(schedule, "tenantId", "workflowVersionId", "workflowName", "workflowId", "triggerAt", "method");
    assertThat(schedule.get("workflowName").asText()).isEqualTo("work");
    String id = schedule.get("metadata").get("id").asText();

    String later = Instant.now().plusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    JsonNode moved = rest.patch(base + "/scheduled/" + id, "{\"triggerAt\":\"" + later + "\"}").body();
    assertThat(Instant.parse(moved.get("triggerAt").asText())).isEqualTo(Instant.parse(later));
    assertThat(rest.get(base + "/scheduled?additionalMetadata=k:v").body().get("rows")).hasSize(1);
    assertThat(rest.get(base + "/scheduled?additionalMetadata=k:w").body().get("rows")).isEmpty();
    assertThat(rest.delete(base + "/scheduled/" + id).status()).isEqualTo(204);
    assertThat(rest.get(base + "/scheduled/" + id).status()).isEqualTo(404);

    String second = rest.post(base + "/work/scheduled", "{\"triggerAt\":\"" + at + "\"}").body().get("metadata").get("id").asText();
    JsonNode bulk = rest.post(base + "/scheduled/bulk-delete", "{\"scheduledWorkflowRunIds\":[\"" + second + "\"]}").body();
    assertThat(bulk.get("deletedIds")).extracting(JsonNode::asText).containsExactly(second);
    assertThat(bulk.get("errors")).isEmpty();

    // A time in the past is accepted, as upstream does, and fires at once.
    Rest.Answer past = rest.post(base + "/work/scheduled", "{\"triggerAt\":\"2001-01-01T00:00:00Z\"}");
    assertThat(past.status()).isEqualTo(200);
    Rest.Answer unknown = rest.post(base + "/nope/scheduled", "{\"triggerAt\":\"" + at + "\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().get("errors").get(0).get("description").asText()).isEqualTo("workflow not found");
    Rest.Answer priority = rest.post(base + "/work/scheduled", "{\"triggerAt\":\"" + at + "\",\"priority\":4}");
    assertThat(priority.status()).isEqualTo(400);
    assertThat(priority.body().get("errors").get(0).get("description").asText()).isEqualTo(
        "error 400: 1 error occurred:\n\t* validation failed on field 'CreateScheduledWorkflowRunForWorkflowOpts.Priority': "
            + "on condition 'max' [ 3 ]: got invalid type\n\n");
  }

  @Test
  void aPausedWorkerGetsNoNewTasks() throws Exception {
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("work", "step"))) {
      JsonNode paused = rest.patch("/api/v1/workers/" + worker.id, "{\"isPaused\":true}").body();
      assertThat(paused.get("status").asText()).isEqualTo("PAUSED");
      String runId = trigger("{}");
      // The trigger returned after its assignment pass, which passed the paused worker by.
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.QUEUED);
      rest.patch("/api/v1/workers/" + worker.id, "{\"isPaused\":false}");
      assertThat(worker.nextStart().getWorkflowRunId()).isEqualTo(runId);
    }
  }

  @Test
  void tenantsSeeOnlyTheirOwn() throws Exception {
    Tenant other = engine.createTenant("other");
    Rest theirs = new Rest(engine, other.token());
    String runId = trigger("{}");

    Rest.Answer byId = theirs.get("/api/v1/stable/workflow-runs/" + runId);
    assertThat(byId.status()).isEqualTo(404);
    assertThat(byId.body().get("errors").get(0).has("description")).isTrue();
    Rest.Answer ourPath = theirs.get("/api/v1/tenants/" + tenant + "/workflows");
    assertThat(ourPath.status()).isEqualTo(403);
    Rest.Answer cancel = theirs.post("/api/v1/stable/tenants/" + other.id() + "/tasks/cancel",
        "{\"externalIds\":[\"" + runId + "\"]}");
    assertThat(cancel.body().get("ids")).isEmpty();
    assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.QUEUED);
    assertThat(new Rest(engine, "not-a-token").get("/api/v1/tenants/" + tenant).status()).isEqualTo(401);
    assertThat(theirs.get("/api/v1/tenants/" + other.id() + "/workflows").body().get("rows")).isEmpty();
    assertThat(List.of(engine.runs(other.id()).size(), engine.runs(tenant).size())).containsExactly(0, 1);
  }
}
