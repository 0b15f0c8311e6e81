package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DefaultFilter;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import io.hatchet4j.proto.workflows.WorkflowVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules, crons, event-triggered runs and child runs, over the raw protocol and REST, on virtual
 * time: schedules and crons fire when the test moves the clock, not before.
 */
class ScheduleCronEventTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final VirtualClock clock = EngineClock.virtual();
  private HatchetEngine engine;
  private TestClient client;
  private Rest rest;

  @BeforeEach
  void start() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setClock(clock).build());
    client = TestClient.connect(engine, engine.token());
    rest = new Rest(engine, engine.token());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    engine.close();
  }

  private static Timestamp at(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  private String schedulesPath() {
    return "/api/v1/tenants/" + engine.tenantId() + "/workflows/scheduled";
  }

  @Test
  void aScheduleFiresAtItsTimeAndLeavesTheList() throws Exception {
    client.register("later", task("later", "step"));
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("later", "step"))) {
      Instant time = clock.now().plusMillis(800);
      WorkflowVersion version = client.workflows.scheduleWorkflow(ScheduleWorkflowRequest.newBuilder()
          .setName("later").addSchedules(at(time)).setInput("{\"user\":\"ada\"}")
          .setAdditionalMetadata("{\"source\":\"test\"}").setPriority(3).build());
      assertThat(version.getScheduledWorkflowsList()).hasSize(1);
      String id = version.getScheduledWorkflows(0).getId();
      assertThat(version.getScheduledWorkflows(0).getTriggerAt().getSeconds()).isEqualTo(time.getEpochSecond());
      assertThat(rest.get(schedulesPath()).body().get("rows")).extracting(r -> r.get("metadata").get("id").asText())
          .containsExactly(id);

      clock.advance(Duration.ofMillis(799));
      assertThat(rest.get(schedulesPath()).body().get("rows")).as("still pending a millisecond before")
          .extracting(r -> r.get("metadata").get("id").asText()).containsExactly(id);
      clock.advance(Duration.ofMillis(1));
      AssignedAction start = worker.nextStart();
      assertThat(engine.run(engine.tenantId(), start.getWorkflowRunId()).orElseThrow().createdAt()).isEqualTo(time);
      assertThat(MAPPER.readTree(start.getActionPayload()).get("input").get("user").asText()).isEqualTo("ada");
      assertThat(MAPPER.readTree(start.getAdditionalMetadata()).get("source").asText()).isEqualTo("test");
      assertThat(start.getPriority()).isEqualTo(3);
      assertThat(rest.get(schedulesPath()).body().get("rows")).isEmpty();
    }
  }

  @Test
  void badSchedulesAreClearErrors() {
    client.register("later", task("later", "step"));
    // A time in the past is accepted, as upstream does (TriggerChecksTest shows it fires at once).
    assertThat(client.workflows.scheduleWorkflow(ScheduleWorkflowRequest.newBuilder()
        .setName("later").addSchedules(at(clock.now().minusSeconds(60))).build()).getScheduledWorkflowsCount())
        .isEqualTo(1);
    assertThatThrownBy(() -> client.workflows.scheduleWorkflow(ScheduleWorkflowRequest.newBuilder()
            .setName("nope").addSchedules(at(clock.now().plusSeconds(60))).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void schedulesSurviveARestartAndAnOverdueOneFiresOnce(@TempDir Path dir) throws Exception {
    engine.close();
    EngineOptions options = EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setDbFile(dir.resolve("engine.db"))
        .setClock(clock).build();
    engine = HatchetEngine.start(options);
    client.close();
    client = TestClient.connect(engine, engine.token());
    client.register("later", task("later", "step"));
    client.register("marker", task("marker", "step"));
    String soon = client.workflows.scheduleWorkflow(ScheduleWorkflowRequest.newBuilder().setName("later")
        .addSchedules(at(clock.now().plusMillis(400))).build()).getScheduledWorkflows(0).getId();
    Instant futureAt = clock.now().plusSeconds(3600);
    String future = client.workflows.scheduleWorkflow(ScheduleWorkflowRequest.newBuilder().setName("later")
        .addSchedules(at(futureAt)).build()).getScheduledWorkflows(0).getId();
    engine.close();
    client.close();
    clock.advance(Duration.ofMillis(600)); // the first schedule falls due while the engine is down

    engine = HatchetEngine.start(options);
    client = TestClient.connect(engine, engine.token());
    rest = new Rest(engine, engine.token());
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("later", "step"),
        TestClient.action("marker", "step"))) {
      // Completed, or its execution timeout would fire as the clock moves on.
      worker.completed(worker.nextStart(), "{}");
      // Once only, and the other schedule not before its time.
      clock.advanceTo(futureAt.minusMillis(1));
      worker.assertNextStartIs(client.trigger("marker", "{}"));
      List<String> left = new ArrayList<>();
      rest.get(schedulesPath()).body().get("rows").forEach(r -> left.add(r.get("metadata").get("id").asText()));
      assertThat(left).containsExactly(future).doesNotContain(soon);

      clock.advance(Duration.ofMillis(1));
      assertThat(worker.nextStart().getWorkflowRunId()).isNotEmpty();
      assertThat(rest.get(schedulesPath()).body().get("rows")).isEmpty();
    }
  }

  @Test
  void declaredAndCreatedCronsFireAndCanBeListedAndDeleted() throws Exception {
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("ticker")
        .addCronTriggers("*/1 * * * * *").setCronInput("{\"from\":\"declared\"}")
        .addTasks(task("ticker", "tick")).build());
    client.register("reporter", task("reporter", "report"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("ticker", "tick"))) {
      clock.advance(Duration.ofSeconds(1));
      AssignedAction tick = worker.nextStart();
      assertThat(MAPPER.readTree(tick.getActionPayload()).get("input").get("from").asText()).isEqualTo("declared");
    }
    Rest.Answer created = rest.post("/api/v1/tenants/" + engine.tenantId() + "/workflows/REPORTER/crons",
        "{\"cronName\":\"every-second\",\"cronExpression\":\"*/1 * * * * *\",\"input\":{\"from\":\"api\"},"
            + "\"additionalMetadata\":{\"k\":\"v\"},\"priority\":2}");
    assertThat(created.status()).isEqualTo(200);
    JsonNode cron = created.body();
    for (String field : List.of("tenantId", "workflowVersionId", "workflowId", "workflowName", "cron", "enabled", "method")) {
      assertThat(cron.has(field)).as(field).isTrue();
    }
    assertThat(cron.get("method").asText()).isEqualTo("API");
    String id = cron.get("metadata").get("id").asText();
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("reporter", "report"))) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(MAPPER.readTree(worker.nextStart().getActionPayload()).get("input").get("from").asText()).isEqualTo("api");
    }
    String crons = "/api/v1/tenants/" + engine.tenantId() + "/workflows/crons";
    JsonNode rows = rest.get(crons).body().get("rows");
    assertThat(rows).extracting(r -> r.get("workflowName").asText() + "/" + r.get("method").asText())
        .containsExactlyInAnyOrder("ticker/DEFAULT", "reporter/API");
    assertThat(rest.get(crons + "/" + id).body().get("name").asText()).isEqualTo("every-second");
    assertThat(rest.delete(crons + "/" + id).status()).isEqualTo(204);
    assertThat(rest.get(crons + "/" + id).status()).isEqualTo(404);
  }

  @Test
  void invalidCronExpressionsAreRejectedWithTheReason() throws Exception {
    client.register("reporter", task("reporter", "report"));
    Rest.Answer bad = rest.post("/api/v1/tenants/" + engine.tenantId() + "/workflows/reporter/crons",
        "{\"cronName\":\"x\",\"cronExpression\":\"61 * * * *\"}");
    // Upstream's words; it gives no reason.
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors").get(0).get("description").asText()).isEqualTo("error creating cron trigger");
    Rest.Answer macro = rest.post("/api/v1/tenants/" + engine.tenantId() + "/workflows/reporter/crons",
        "{\"cronName\":\"x\",\"cronExpression\":\"@daily\"}");
    assertThat(macro.body().get("errors").get(0).get("description").asText()).isEqualTo("error creating cron trigger");
    Rest.Answer nameless = rest.post("/api/v1/tenants/" + engine.tenantId() + "/workflows/nope/crons",
        "{\"cronName\":\"\",\"cronExpression\":\"* * * * *\"}");
    assertThat(nameless.body().get("errors").get(0).get("description").asText()).isEqualTo("cron name is required");
    Rest.Answer unknown = rest.post("/api/v1/tenants/" + engine.tenantId() + "/workflows/nope/crons",
        "{\"cronName\":\"x\",\"cronExpression\":\"* * * * *\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().get("errors").get(0).get("description").asText()).isEqualTo("workflow not found");
    Rest.Answer priority = rest.post("/api/v1/tenants/" + engine.tenantId() + "/workflows/reporter/crons",
        "{\"cronName\":\"x\",\"cronExpression\":\"* * * * *\",\"priority\":0}");
    assertThat(priority.body().get("errors").get(0).get("description").asText()).isEqualTo("error creating cron trigger");
    assertThatThrownBy(() -> client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("broken")
            .addCronTriggers("every day").addTasks(task("broken", "t")).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("Validation failed with the following errors:\n"
              + "0: validation failed on field 'CreateWorkflowVersionOpts.CronTriggers[0]': Invalid cron expression\n");
        });
  }

  @Test
  void eventRunsCarryTheEventAndItsMetadata() throws Exception {
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("welcome")
        .addEventTriggers("user:created").addTasks(task("welcome", "greet")).build());
    try (TestWorker worker = TestWorker.start(client, 2, TestClient.action("welcome", "greet"))) {
      String eventId = client.events.push(PushEventRequest.newBuilder().setKey("user:created")
          .setPayload("{\"user\":\"ada\"}").setAdditionalMetadata("{\"source\":\"signup\"}").build()).getEventId();
      AssignedAction start = worker.nextStart();
      assertThat(start.getTriggeringEventExternalId()).isEqualTo(eventId);
      assertThat(start.getTriggeringEventKey()).isEqualTo("user:created");
      JsonNode metadata = MAPPER.readTree(start.getAdditionalMetadata());
      assertThat(metadata.get("hatchet__event_id").asText()).isEqualTo(eventId);
      assertThat(metadata.get("source").asText()).isEqualTo("signup");
      assertThat(MAPPER.readTree(start.getActionPayload()).get("input").get("user").asText()).isEqualTo("ada");
    }
  }

  @Test
  void scopedEventsPassTheWorkflowsFiltersAndBadFiltersAreRejected() throws Exception {
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("big-orders")
        .addEventTriggers("order:placed").addTasks(task("big-orders", "handle"))
        .addDefaultFilters(DefaultFilter.newBuilder().setScope("shop-1").setExpression("input.amount > payload.min")
            .setPayload(ByteString.copyFromUtf8("{\"min\":100}")))
        .build());
    try (TestWorker worker = TestWorker.start(client, 3, TestClient.action("big-orders", "handle"))) {
      client.events.push(PushEventRequest.newBuilder().setKey("order:placed").setScope("shop-1").setPayload("{\"amount\":50}").build());
      client.events.push(PushEventRequest.newBuilder().setKey("order:placed").setScope("shop-1").setPayload("{\"amount\":500}").build());
      client.events.push(PushEventRequest.newBuilder().setKey("order:placed").setPayload("{\"amount\":1}").build());
      List<Integer> amounts = new ArrayList<>();
      amounts.add(MAPPER.readTree(worker.nextStart().getActionPayload()).get("input").get("amount").asInt());
      assertThat(amounts).containsExactly(500);
      // The filtered-out event and the event without a scope started nothing: a run triggered now
      // is the next to arrive.
      worker.assertNextStartIs(client.trigger("big-orders", "{\"amount\":0}"));
    }
    assertThatThrownBy(() -> client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("bad-filter")
            .addEventTriggers("x").addTasks(task("bad-filter", "t"))
            .addDefaultFilters(DefaultFilter.newBuilder().setScope("s").setExpression("input.tags.exists(t, t == 'a') + 1"))
            .build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("input.tags.exists(t, t == 'a') + 1");
        });
  }

  @Test
  void childRunsInheritMetadataAndTheSameKeyGivesTheSameChild() throws Exception {
    client.register("parent", task("parent", "spawn"));
    client.register("child", task("child", "work"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("parent", "spawn"), TestClient.action("child", "work"))) {
      String parentRun = client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("parent")
          .setInput("{}").setAdditionalMetadata("{\"team\":\"a\",\"hatchet__event_id\":\"x\"}").build()).getWorkflowRunId();
      AssignedAction parent = worker.nextStart();
      TriggerWorkflowRequest spawn = TriggerWorkflowRequest.newBuilder().setName("child").setInput("{}")
          .setParentId(parentRun).setParentTaskRunExternalId(parent.getTaskRunExternalId())
          .setChildIndex(0).setChildKey("only-once").setAdditionalMetadata("{\"team\":\"b\",\"extra\":\"1\"}").build();
      String first = client.workflows.triggerWorkflow(spawn).getWorkflowRunId();
      String second = client.workflows.triggerWorkflow(spawn.toBuilder().setChildIndex(1).build()).getWorkflowRunId();
      assertThat(second).isEqualTo(first);

      AssignedAction child = worker.nextStart();
      assertThat(child.getParentWorkflowRunId()).isEqualTo(parent.getTaskRunExternalId());
      assertThat(child.getChildWorkflowKey()).isEqualTo("only-once");
      assertThat(child.getChildWorkflowIndex()).isEqualTo(0);
      JsonNode metadata = MAPPER.readTree(child.getAdditionalMetadata());
      assertThat(metadata.get("team").asText()).as("the child's own key wins").isEqualTo("b");
      assertThat(metadata.get("extra").asText()).isEqualTo("1");
      assertThat(metadata.has("hatchet__event_id")).isFalse();
      assertThat(metadata.get("hatchet__parent_workflow_run_id").asText()).isEqualTo(parentRun);
      assertThat(metadata.get("hatchet__parent_step_run_id").asText()).isEqualTo(parent.getTaskRunExternalId());
      // The same key started no second child: a run triggered now is the next to arrive.
      worker.assertNextStartIs(client.trigger("child", "{}"));
    }
  }
}
