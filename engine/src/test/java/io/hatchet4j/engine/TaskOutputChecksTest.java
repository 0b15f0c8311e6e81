package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.events.PutLogRequest;
import io.hatchet4j.proto.events.PutStreamEventRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.TaskBatchConfig;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What the engine refuses in log lines and stream chunks, with upstream's codes and texts, and the
 * batch tasks it does not run.
 */
class TaskOutputChecksTest extends SharedEngineTest {

  private static void assertRefused(ThrowingCallable call, Status.Code code, String text) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(text);
    });
  }

  private static PutLogRequest.Builder line(String taskRunId) {
    return PutLogRequest.newBuilder().setTaskRunExternalId(taskRunId).setMessage("a line");
  }

  @Test
  void refusesLogLinesAsUpstreamDoes() throws Exception {
    client.register("logchecks", TestClient.task("logchecks", "t"));
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action("logchecks", "t"))) {
      client.trigger("logchecks", "{}");
      AssignedAction action = worker.nextStart();
      String task = action.getTaskRunExternalId();

      assertRefused(() -> client.events.putLog(line("not-a-uuid").build()),
          Status.Code.INVALID_ARGUMENT, "task external run id is not a valid uuid");
      String unknown = UUID.randomUUID().toString();
      assertRefused(() -> client.events.putLog(line(unknown).build()),
          Status.Code.NOT_FOUND, "task run not found: " + unknown);
      assertRefused(() -> client.events.putLog(line(task).setMessage("").build()),
          Status.Code.INVALID_ARGUMENT, "Invalid request: ");
      assertRefused(() -> client.events.putLog(line(task).setMessage("x".repeat(10_001)).build()),
          Status.Code.INVALID_ARGUMENT, "'max'");
      assertRefused(() -> client.events.putLog(line(task).setLevel("TRACE").build()),
          Status.Code.INVALID_ARGUMENT, "'oneof'");
      assertRefused(() -> client.events.putLog(line(task).setMetadata("[1]").build()),
          Status.Code.INVALID_ARGUMENT, "Invalid metadata JSON");

      client.events.putLog(line(task).setMessage("x".repeat(10_000)).setLevel("WARN")
          .setMetadata("{\"k\":1}").build());
      client.events.putLog(line(task).setMessage("no level").build());
      assertThat(engine.orchestrator().logs(engine.tenantId(), task).get())
          .extracting(LogRecord::level)
          .containsExactly("WARN", null);
      worker.completed(action, "{}");
    }
  }

  @Test
  void refusesStreamChunksForBadOrUnknownTaskRuns() {
    assertRefused(() -> client.events.putStreamEvent(PutStreamEventRequest.newBuilder()
            .setTaskRunExternalId("nope").setMessage(ByteString.copyFromUtf8("x")).build()),
        Status.Code.INVALID_ARGUMENT, "task external run id is not a valid uuid");
    String unknown = UUID.randomUUID().toString();
    assertRefused(() -> client.events.putStreamEvent(PutStreamEventRequest.newBuilder()
            .setTaskRunExternalId(unknown).setMessage(ByteString.copyFromUtf8("x")).build()),
        Status.Code.NOT_FOUND, "task run not found: " + unknown);
  }

  @Test
  void refusesBatchTasksAsUnimplementedRatherThanRunningThemOneByOne() {
    CreateWorkflowVersionRequest batched = CreateWorkflowVersionRequest.newBuilder()
        .setName("batched")
        .addTasks(TestClient.task("batched", "t").setBatch(TaskBatchConfig.newBuilder().setBatchMaxSize(10)))
        .build();
    assertRefused(() -> client.admin.putWorkflow(batched), Status.Code.UNIMPLEMENTED, "batch tasks");
    CreateWorkflowVersionRequest invalid = batched.toBuilder()
        .setTasks(0, TestClient.task("batched", "t").setBatch(TaskBatchConfig.newBuilder().setBatchMaxSize(0)))
        .build();
    assertRefused(() -> client.admin.putWorkflow(invalid), Status.Code.INVALID_ARGUMENT, "BatchMaxSize");
  }
}
