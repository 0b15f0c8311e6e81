package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.events.PutLogRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished runs leave memory at once and the store after the retention period; unfinished ones stay. */
class RetentionTest {
  private static final Duration RETENTION = Duration.ofHours(1);

  @TempDir Path dir;

  private HatchetEngine start(Path db, VirtualClock clock) {
    return HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setDbFile(db)
        .setRetention(RETENTION)
        .setClock(clock)
        // Moving the clock past the retention period must not time out the run left queued on purpose.
        .setDefaultScheduleTimeout(Duration.ofDays(1))
        .build());
  }

  private static String complete(TestClient client, TestWorker worker, String output) throws Exception {
    String runId = client.trigger("kept", "{}");
    AssignedAction start = worker.nextStart();
    client.events.putLog(PutLogRequest.newBuilder().setTaskRunExternalId(start.getTaskRunExternalId())
        .setMessage("line of " + runId).build());
    worker.completed(start, output);
    client.awaitResult(runId);
    return runId;
  }

  @Test
  void aFinishedRunIsDeletedAfterTheRetentionPeriodWhileUnfinishedOnesStayAcrossARestart() throws Exception {
    Path db = dir.resolve("engine.db");
    VirtualClock clock = EngineClock.virtual();
    String old;
    String oldEvent;
    String waiting;
    String recent;
    try (HatchetEngine engine = start(db, clock); TestClient client = TestClient.connect(engine, engine.token())) {
      Rest rest = new Rest(engine, engine.token());
      client.register("kept", task("kept", "t"));
      client.register("parked", task("parked", "t"));
      // No worker runs this one before the restart: it stays queued, however old it gets.
      waiting = client.trigger("parked", "{}");
      try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("kept", "t"))) {
        old = complete(client, worker, "{\"n\":1}");
        oldEvent = client.events.push(PushEventRequest.newBuilder().setKey("nobody.listens").setPayload("{}").build())
            .getEventId();
      }
      clock.advance(RETENTION.plusMinutes(1));
      try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("kept", "t"))) {
        recent = complete(client, worker, "{\"n\":2}");
      }
      assertThat(rest.get("/api/v1/stable/workflow-runs/" + old + "/status").body().asText()).isEqualTo("COMPLETED");

      int deleted = engine.orchestrator().sweepRetention().get(15, TimeUnit.SECONDS);

      assertThat(deleted).isEqualTo(2); // the old run and the old event
      assertThat(engine.run(engine.tenantId(), old)).isEmpty();
      assertThat(rest.get("/api/v1/stable/workflow-runs/" + old + "/status").status()).isEqualTo(404);
      assertThat(rest.get("/api/v1/stable/tasks/" + old + "/logs").status()).isEqualTo(404);
      assertThat(rest.get("/api/v1/stable/tenants/" + engine.tenantId() + "/events").body().get("rows"))
          .extracting(row -> row.get("metadata").get("id").asText()).doesNotContain(oldEvent);
      assertThat(engine.run(engine.tenantId(), waiting).orElseThrow().status()).isEqualTo("QUEUED");
      assertThat(engine.run(engine.tenantId(), recent).orElseThrow().status()).isEqualTo("COMPLETED");
      JsonNode list = rest.get("/api/v1/hatchet4j/runs").body();
      assertThat(list.get("pagination").get("total").asLong()).isEqualTo(2);
    }

    // A restart loads only the unfinished run; the finished one is read from the store.
    try (HatchetEngine engine = start(db, clock); TestClient client = TestClient.connect(engine, engine.token())) {
      assertThat(engine.orchestrator().runsInMemory().get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(engine.run(engine.tenantId(), old)).isEmpty();
      assertThat(engine.run(engine.tenantId(), recent).orElseThrow().tasks().get(0).output()).hasValue("{\"n\":2}");
      assertThat(client.awaitResult(recent).getResults(0).getOutput()).isEqualTo("{\"n\":2}");
      try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("parked", "t"))) {
        AssignedAction resumed = worker.nextStart();
        assertThat(resumed.getWorkflowRunId()).isEqualTo(waiting);
        worker.completed(resumed, "{\"n\":3}");
        client.awaitResult(waiting);
      }
      // Both are finished now, kept at hand as recently finished: the one read back and the one just done.
      assertThat(engine.orchestrator().runsInMemory().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }
  }

  @Test
  void finishedRunsLeaveMemoryButStayReadableAndSubscribable() throws Exception {
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
        TestClient client = TestClient.connect(engine, engine.token())) {
      Rest rest = new Rest(engine, engine.token());
      client.register("kept", task("kept", "t"));
      String first;
      try (TestWorker worker = TestWorker.start(client, 50, TestClient.action("kept", "t"))) {
        first = complete(client, worker, "{\"first\":true}");
        for (int i = 0; i < 300; i++) {
          complete(client, worker, "{}");
        }
      }
      // Only the most recently finished runs are kept at hand; none is unfinished.
      assertThat(engine.orchestrator().runsInMemory().get(5, TimeUnit.SECONDS)).isLessThanOrEqualTo(256);
      assertThat(client.awaitResult(first).getResults(0).getOutput()).isEqualTo("{\"first\":true}");
      assertThat(rest.get("/api/v1/stable/workflow-runs/" + first + "/status").body().asText()).isEqualTo("COMPLETED");
      JsonNode logs = rest.get("/api/v1/stable/tasks/" + first + "/logs").body().get("rows");
      assertThat(logs.get(0).get("message").asText()).isEqualTo("line of " + first);
      // A late log line of a long-finished task is still taken.
      client.events.putLog(PutLogRequest.newBuilder().setTaskRunExternalId(first).setMessage("late").build());
      assertThat(engine.run(engine.tenantId(), first).orElseThrow().tasks().get(0).logLines()).contains("late");
    }
  }

  @Test
  void theDatabaseGivesTheSpaceOfDeletedRunsBack() throws Exception {
    Path db = dir.resolve("engine.db");
    VirtualClock clock = EngineClock.virtual();
    try (HatchetEngine engine = start(db, clock); TestClient client = TestClient.connect(engine, engine.token())) {
      client.register("kept", task("kept", "t"));
      try (TestWorker worker = TestWorker.start(client, 50, TestClient.action("kept", "t"))) {
        for (int i = 0; i < 300; i++) {
          complete(client, worker, "{\"padding\":\"" + "x".repeat(2000) + "\"}");
        }
      }
      long full = Files.size(db);
      clock.advance(RETENTION.plusMinutes(1));
      assertThat(engine.orchestrator().sweepRetention().get(30, TimeUnit.SECONDS)).isEqualTo(300);
      assertThat(Files.size(db)).isLessThan(full / 2);
    }
  }
}
