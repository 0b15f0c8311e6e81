package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.v1.GetRunDetailsResponse;
import io.hatchet4j.proto.v1.RunStatus;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
  @TempDir Path dir;

  private HatchetEngine start(Path db) {
    return HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setDbFile(db).build());
  }

  @Test
  void keepsResultsTokensAndUnfinishedWorkAcrossARestart() throws Exception {
    Path db = dir.resolve("engine.db");
    String token;
    String tenantId;
    String completedRun;
    String interruptedRun;
    String interruptedTask;
    try (HatchetEngine engine = start(db); TestClient client = TestClient.connect(engine, engine.token())) {
      token = engine.token();
      tenantId = engine.tenantId();
      client.register("durable-results", task("durable-results", "t"));
      try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("durable-results", "t"))) {
        completedRun = client.trigger("durable-results", "{\"n\": 1}");
        worker.completed(worker.nextStart(), "{\"kept\": true}");
        client.awaitResult(completedRun);

        interruptedRun = client.trigger("durable-results", "{\"n\": 2}");
        AssignedAction running = worker.nextStart();
        worker.started(running);
        interruptedTask = running.getTaskRunExternalId();
      }
    }

    try (HatchetEngine engine = start(db); TestClient client = TestClient.connect(engine, token)) {
      assertThat(engine.tenantId()).isEqualTo(tenantId);
      GetRunDetailsResponse details = client.details(completedRun);
      assertThat(details.getStatus()).isEqualTo(RunStatus.COMPLETED);
      assertThat(details.getTaskRunsMap().get("t").getOutput().toStringUtf8()).isEqualTo("{\"kept\":true}");
      assertThat(client.awaitResult(completedRun).getResults(0).getOutput()).isEqualTo("{\"kept\":true}");

      // The task that was running went back to the queue with a new attempt number.
      try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("durable-results", "t"))) {
        AssignedAction resumed = worker.nextStart();
        assertThat(resumed.getTaskRunExternalId()).isEqualTo(interruptedTask);
        assertThat(resumed.getRetryCount()).isEqualTo(1);
        worker.completed(resumed, "{\"resumed\": true}");
        assertThat(client.awaitResult(interruptedRun).getResults(0).getOutput()).contains("resumed");
      }
    }
  }

  @Test
  void aKeyedChildThatFinishedBeforeARestartIsNotStartedAgainByItsParent() throws Exception {
    Path db = dir.resolve("children.db");
    String token;
    String parentTask;
    String child;
    TriggerWorkflowRequest.Builder childRequest = TriggerWorkflowRequest.newBuilder().setName("child").setInput("{}")
        .setChildKey("only-once");
    try (HatchetEngine engine = start(db); TestClient client = TestClient.connect(engine, engine.token())) {
      token = engine.token();
      client.register("parent", task("parent", "spawn"));
      client.register("child", task("child", "work"));
      try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("parent", "spawn"),
          TestClient.action("child", "work"))) {
        client.trigger("parent", "{}");
        AssignedAction parent = worker.nextStart();
        worker.started(parent);
        parentTask = parent.getTaskRunExternalId();
        childRequest.setParentTaskRunExternalId(parentTask);
        child = client.workflows.triggerWorkflow(childRequest.build()).getWorkflowRunId();
        worker.completed(worker.nextStart(), "{}");
        client.awaitResult(child);
      }
    }

    // After the restart the parent task runs again (its worker belonged to the old process) and
    // spawns its children again; the finished child is not in memory, but it is the same child.
    try (HatchetEngine engine = start(db); TestClient client = TestClient.connect(engine, token)) {
      assertThat(client.workflows.triggerWorkflow(childRequest.build()).getWorkflowRunId()).isEqualTo(child);
    }
  }

  @Test
  void refusesADatabaseFileThatIsInUse() {
    Path db = dir.resolve("locked.db");
    try (HatchetEngine engine = start(db)) {
      assertThatThrownBy(() -> start(db)).isInstanceOf(IllegalStateException.class).hasMessageContaining("locked.db");
    }
  }
}
