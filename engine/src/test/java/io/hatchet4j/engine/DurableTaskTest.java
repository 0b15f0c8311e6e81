package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.StepActionEvent;
import io.hatchet4j.proto.dispatcher.StepActionEventType;
import io.hatchet4j.proto.dispatcher.WorkerListenRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import io.hatchet4j.proto.dispatcher.WorkerUnsubscribeRequest;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.BaseMatchCondition;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DurableEventListenerConditions;
import io.hatchet4j.proto.v1.DurableTaskAwaitedCompletedEntry;
import io.hatchet4j.proto.v1.DurableTaskCompleteMemoRequest;
import io.hatchet4j.proto.v1.DurableTaskErrorType;
import io.hatchet4j.proto.v1.DurableTaskMemoRequest;
import io.hatchet4j.proto.v1.DurableTaskRequest;
import io.hatchet4j.proto.v1.DurableTaskRequestRegisterWorker;
import io.hatchet4j.proto.v1.DurableTaskTriggerRunsRequest;
import io.hatchet4j.proto.v1.DurableTaskResponse;
import io.hatchet4j.proto.v1.DurableTaskWaitForRequest;
import io.hatchet4j.proto.v1.DurableTaskWorkerStatusRequest;
import io.hatchet4j.proto.v1.SleepMatchCondition;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.v1.UserEventMatchCondition;
import io.hatchet4j.proto.v1.V1DispatcherGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable task stream over raw gRPC: waits, acks, completions, status polls and replays, on
 * virtual time so that sleeps end exactly when the test moves the clock.
 */
class DurableTaskTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ACTION = "durable:wait";

  private final VirtualClock clock = EngineClock.virtual();
  private HatchetEngine engine;
  private TestClient client;

  @BeforeEach
  void setUp() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setClock(clock).build());
    client = TestClient.connect(engine, engine.token());
    registerWorkflow();
  }

  /** Registers the durable workflow with the current engine. */
  private void registerWorkflow() {
    client.admin.putWorkflow(CreateWorkflowVersionRequest.newBuilder().setName("durable")
        .addTasks(CreateTaskOpts.newBuilder().setReadableId("wait").setAction(ACTION).setIsDurable(true)
            .putSlotRequests("durable", 1))
        .build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    engine.close();
  }

  /** A worker with durable slots, its listen stream and its durable stream. */
  private final class DurableWorker implements AutoCloseable {
    final String id;
    final BlockingQueue<AssignedAction> actions = new LinkedBlockingQueue<>();
    final BlockingQueue<DurableTaskResponse> responses = new LinkedBlockingQueue<>();
    final StreamObserver<DurableTaskRequest> requests;
    final io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();

    DurableWorker(String... moreActions) throws InterruptedException {
      id = client.dispatcher.register(WorkerRegisterRequest.newBuilder().setWorkerName("durable-worker")
          .addActions(ACTION).addAllActions(java.util.List.of(moreActions))
          .putSlotConfig("default", 1).putSlotConfig("durable", 10).build()).getWorkerId();
      context.run(() -> client.dispatcherAsync.listenV2(WorkerListenRequest.newBuilder().setWorkerId(id).build(),
          collecting(actions)));
      requests = V1DispatcherGrpc.newStub(client.channel).durableTask(collecting(responses));
      requests.onNext(DurableTaskRequest.newBuilder()
          .setRegisterWorker(DurableTaskRequestRegisterWorker.newBuilder().setWorkerId(id)).build());
      assertThat(next().getRegisterWorker().getWorkerId()).isEqualTo(id);
    }

    AssignedAction nextAction() throws InterruptedException {
      AssignedAction action = actions.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(action).as("an action").isNotNull();
      return action;
    }

    DurableTaskResponse next() throws InterruptedException {
      DurableTaskResponse response = responses.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(response).as("a durable stream response").isNotNull();
      return response;
    }

    void waitFor(String taskRunId, int invocation, DurableEventListenerConditions conditions) {
      requests.onNext(DurableTaskRequest.newBuilder().setWaitFor(DurableTaskWaitForRequest.newBuilder()
          .setDurableTaskExternalId(taskRunId).setInvocationCount(invocation).setWaitForConditions(conditions)).build());
    }

    /** Sends a wait and returns the node of its ack. */
    long ackedWait(String taskRunId, int invocation, DurableEventListenerConditions conditions) throws InterruptedException {
      waitFor(taskRunId, invocation, conditions);
      DurableTaskResponse ack = next();
      assertThat(ack.hasWaitForAck()).as("ack, got " + ack).isTrue();
      assertThat(ack.getWaitForAck().getRef().getDurableTaskExternalId()).isEqualTo(taskRunId);
      assertThat(ack.getWaitForAck().getRef().getInvocationCount()).isEqualTo(invocation);
      assertThat(ack.getWaitForAck().getRef().getBranchId()).isEqualTo(1);
      return ack.getWaitForAck().getRef().getNodeId();
    }

    /**
     * Proves that nothing is on its way on the durable stream: sends a wait for an unknown task and
     * asserts that its error is the next response. The engine answers in order, so anything it sent
     * before would arrive first.
     */
    void assertNothingBeforeAMarker() throws InterruptedException {
      waitFor(UUID.randomUUID().toString(), 1, sleep("1s"));
      DurableTaskResponse marker = next();
      assertThat(marker.hasError()).as("the marker's error, got " + marker).isTrue();
      assertThat(marker.getError().getErrorMessage()).contains("not found");
    }

    JsonNode completion(long node) throws Exception {
      DurableTaskResponse response = next();
      assertThat(response.hasEntryCompleted()).as("a completion, got " + response).isTrue();
      assertThat(response.getEntryCompleted().getRef().getNodeId()).isEqualTo(node);
      return MAPPER.readTree(response.getEntryCompleted().getPayload().toStringUtf8());
    }

    @Override
    public void close() {
      requests.onCompleted();
      context.cancel(null);
    }
  }

  private static <T> StreamObserver<T> collecting(BlockingQueue<T> queue) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        queue.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  private static DurableEventListenerConditions sleep(String duration) {
    return DurableEventListenerConditions.newBuilder().addSleepConditions(SleepMatchCondition.newBuilder()
        .setBase(BaseMatchCondition.newBuilder().setReadableDataKey("sleep:" + duration).setOrGroupId(UUID.randomUUID().toString()))
        .setSleepFor(duration)).build();
  }

  private static DurableEventListenerConditions eventOrSleep(String key, String expression) {
    String group = UUID.randomUUID().toString();
    return DurableEventListenerConditions.newBuilder()
        .addUserEventConditions(UserEventMatchCondition.newBuilder().setUserEventKey(key)
            .setBase(BaseMatchCondition.newBuilder().setReadableDataKey(key).setOrGroupId(group).setExpression(expression)))
        .addSleepConditions(SleepMatchCondition.newBuilder().setSleepFor("5m")
            .setBase(BaseMatchCondition.newBuilder().setReadableDataKey("sleep:5m").setOrGroupId(group)))
        .build();
  }

  private void push(String key, String payload) {
    client.events.push(PushEventRequest.newBuilder().setKey(key).setPayload(payload).build());
  }

  @Test
  void waitsCompleteAndAReplayMapsOntoTheStoredEntries() throws Exception {
    String taskRunId;
    Instant slowDeadline;
    try (DurableWorker first = new DurableWorker()) {
      client.trigger("durable", "{}");
      AssignedAction start = first.nextAction();
      taskRunId = start.getTaskRunExternalId();
      assertThat(start.getDurableTaskInvocationCount()).isEqualTo(1);

      long sleepNode = first.ackedWait(taskRunId, 1, sleep("300ms"));
      assertThat(sleepNode).isEqualTo(1);
      clock.advance(Duration.ofMillis(299));
      first.assertNothingBeforeAMarker();
      clock.advance(Duration.ofMillis(1));
      JsonNode slept = first.completion(1);
      assertThat(slept.get("CREATE").get("sleep:300ms").get(0).get("sleep_duration").asText()).isEqualTo("300ms");

      assertThat(first.ackedWait(taskRunId, 1, eventOrSleep("order:paid", "input.id == 'o-1'"))).isEqualTo(2);
      push("order:paid", "{\"id\":\"o-2\"}");
      first.assertNothingBeforeAMarker(); // the filter holds it back
      push("order:paid", "{\"id\":\"o-1\",\"cents\":5}");
      JsonNode paid = first.completion(2);
      assertThat(paid.get("CREATE").get("order:paid").get(0).get("cents").asInt()).isEqualTo(5);
      assertThat(paid.get("CREATE").has("sleep:5m")).isFalse();

      // A status poll re-sends what is complete.
      first.requests.onNext(DurableTaskRequest.newBuilder().setWorkerStatus(DurableTaskWorkerStatusRequest.newBuilder()
          .setWorkerId(first.id).addWaitingEntries(DurableTaskAwaitedCompletedEntry.newBuilder()
              .setDurableTaskExternalId(taskRunId).setInvocationCount(1).setBranchId(1).setNodeId(1))).build());
      first.completion(1);

      assertThat(first.ackedWait(taskRunId, 1, sleep("1500ms"))).isEqualTo(3);
      slowDeadline = clock.now().plusMillis(1500);
      // The worker shuts down without reporting the task: it goes to the next worker, no retry used.
      client.dispatcher.unsubscribe(WorkerUnsubscribeRequest.newBuilder().setWorkerId(first.id).build());
    }

    try (DurableWorker second = new DurableWorker()) {
      AssignedAction again = second.nextAction();
      assertThat(again.getTaskRunExternalId()).isEqualTo(taskRunId);
      assertThat(again.getDurableTaskInvocationCount()).isEqualTo(2);
      // The replay's waits map onto the stored entries: complete ones answer at once.
      assertThat(second.ackedWait(taskRunId, 2, sleep("300ms"))).isEqualTo(1);
      second.completion(1);
      assertThat(second.ackedWait(taskRunId, 2, eventOrSleep("order:paid", "input.id == 'o-1'"))).isEqualTo(2);
      assertThat(second.completion(2).get("CREATE").get("order:paid").get(0).get("id").asText()).isEqualTo("o-1");
      // The unfinished sleep keeps its first deadline rather than starting over.
      assertThat(second.ackedWait(taskRunId, 2, sleep("1500ms"))).isEqualTo(3);
      clock.advanceTo(slowDeadline.minusMillis(1));
      second.assertNothingBeforeAMarker();
      clock.advance(Duration.ofMillis(1));
      second.completion(3);

      // The old invocation is stale now.
      second.waitFor(taskRunId, 1, sleep("1s"));
      DurableTaskResponse evict = second.next();
      assertThat(evict.hasServerEvict()).isTrue();
      assertThat(evict.getServerEvict().getInvocationCount()).isEqualTo(1);
    }
  }

  @Test
  void anEngineRestartKeepsTheWaitAndItsDeadline(@TempDir Path dir) throws Exception {
    engine.close();
    client.close();
    EngineOptions options = EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setDbFile(dir.resolve("engine.db"))
        .setClock(clock).build();
    engine = HatchetEngine.start(options);
    client = TestClient.connect(engine, engine.token());
    registerWorkflow();
    String taskRunId;
    Instant deadline;
    try (DurableWorker worker = new DurableWorker()) {
      String runId = client.trigger("durable", "{}");
      taskRunId = worker.nextAction().getTaskRunExternalId();
      assertThat(taskRunId).isEqualTo(runId);
      worker.ackedWait(taskRunId, 1, sleep("1200ms"));
      deadline = clock.now().plusMillis(1200);
    }
    engine.close();
    client.close();

    engine = HatchetEngine.start(options);
    client = TestClient.connect(engine, engine.token());
    try (DurableWorker worker = new DurableWorker()) {
      AssignedAction again = worker.nextAction();
      assertThat(again.getDurableTaskInvocationCount()).isEqualTo(2);
      assertThat(worker.ackedWait(taskRunId, 2, sleep("1200ms"))).isEqualTo(1);
      clock.advanceTo(deadline.minusMillis(1));
      worker.assertNothingBeforeAMarker();
      clock.advance(Duration.ofMillis(1));
      worker.completion(1);
    }
  }

  private static DurableTaskRequest memo(String taskRunId, int invocation, String key) {
    return DurableTaskRequest.newBuilder().setMemo(DurableTaskMemoRequest.newBuilder()
        .setDurableTaskExternalId(taskRunId).setInvocationCount(invocation).setKey(ByteString.copyFromUtf8(key))).build();
  }

  private static DurableTaskRequest spawn(String taskRunId, int invocation) {
    return DurableTaskRequest.newBuilder().setTriggerRuns(DurableTaskTriggerRunsRequest.newBuilder()
        .setDurableTaskExternalId(taskRunId).setInvocationCount(invocation)
        .addTriggerOpts(TriggerWorkflowRequest.newBuilder().setName("child").setInput("{\"n\":1}"))).build();
  }

  @Test
  void memosAndChildRunsAreEntriesThatAReplayFindsAgain() throws Exception {
    client.register("child", TestClient.task("child", "work"));
    String taskRunId;
    String childRun;
    try (DurableWorker first = new DurableWorker(TestClient.action("child", "work"))) {
      client.trigger("durable", "{}");
      taskRunId = first.nextAction().getTaskRunExternalId();
      first.requests.onNext(memo(taskRunId, 1, "now"));
      DurableTaskResponse memoAck = first.next();
      assertThat(memoAck.getMemoAck().getMemoAlreadyExisted()).isFalse();
      assertThat(memoAck.getMemoAck().getRef().getNodeId()).isEqualTo(1);
      first.requests.onNext(DurableTaskRequest.newBuilder().setCompleteMemo(DurableTaskCompleteMemoRequest.newBuilder()
          .setRef(memoAck.getMemoAck().getRef()).setPayload(ByteString.copyFromUtf8("42"))
          .setMemoKey(ByteString.copyFromUtf8("now"))).build());

      first.requests.onNext(spawn(taskRunId, 1));
      DurableTaskResponse spawned = first.next();
      assertThat(spawned.getTriggerRunsAck().getRunEntriesList()).hasSize(1);
      assertThat(spawned.getTriggerRunsAck().getRunEntries(0).getNodeId()).isEqualTo(2);
      childRun = spawned.getTriggerRunsAck().getRunEntries(0).getWorkflowRunExternalId();
      AssignedAction child = first.nextAction();
      assertThat(child.getWorkflowRunId()).isEqualTo(childRun);
      assertThat(child.getParentWorkflowRunId()).isEqualTo(taskRunId);
      client.dispatcher.sendStepActionEvent(StepActionEvent.newBuilder().setWorkerId(first.id)
          .setTaskRunExternalId(child.getTaskRunExternalId()).setRetryCount(child.getRetryCount())
          .setEventType(StepActionEventType.STEP_EVENT_TYPE_COMPLETED).setEventPayload("{\"v\":2}").build());
      assertThat(first.completion(2).get("work").get("v").asInt()).isEqualTo(2);
      client.dispatcher.unsubscribe(WorkerUnsubscribeRequest.newBuilder().setWorkerId(first.id).build());
    }
    try (DurableWorker second = new DurableWorker()) {
      assertThat(second.nextAction().getDurableTaskInvocationCount()).isEqualTo(2);
      // The replay must memoize first, as the first invocation did.
      second.waitFor(taskRunId, 2, sleep("1s"));
      DurableTaskResponse wrong = second.next();
      assertThat(wrong.getError().getErrorType()).isEqualTo(DurableTaskErrorType.DURABLE_TASK_ERROR_TYPE_NONDETERMINISM);
      second.requests.onNext(memo(taskRunId, 2, "now"));
      DurableTaskResponse memoAck = second.next();
      assertThat(memoAck.getMemoAck().getMemoAlreadyExisted()).isTrue();
      assertThat(memoAck.getMemoAck().getMemoResultPayload().toStringUtf8()).isEqualTo("42");
      second.requests.onNext(spawn(taskRunId, 2));
      assertThat(second.next().getTriggerRunsAck().getRunEntries(0).getWorkflowRunExternalId()).isEqualTo(childRun);
      assertThat(second.completion(2).get("work").get("v").asInt()).isEqualTo(2);
      assertThat(engine.runs(engine.tenantId())).filteredOn(run -> run.workflowName().equals("child"))
          .as("no second child").extracting(RunInfo::id).containsExactly(childRun);
    }
  }

  @Test
  void unsupportedRequestsGetClearErrors() throws Exception {
    try (DurableWorker worker = new DurableWorker()) {
      client.trigger("durable", "{}");
      String taskRunId = worker.nextAction().getTaskRunExternalId();

      // Waits see upstream's condition variables, input and output, and no payload.
      worker.waitFor(taskRunId, 1, eventOrSleep("order:paid", "payload.amount > 1"));
      DurableTaskResponse error = worker.next();
      assertThat(error.hasError()).isTrue();
      assertThat(error.getError().getErrorType()).isEqualTo(DurableTaskErrorType.DURABLE_TASK_ERROR_TYPE_UNSPECIFIED);
      assertThat(error.getError().getErrorMessage()).contains("payload.amount > 1", "undeclared reference to 'payload'");
      // A rejected wait takes no place in the log.
      assertThat(worker.ackedWait(taskRunId, 1, sleep("10ms"))).isEqualTo(1);
      clock.advance(Duration.ofMillis(10));
      worker.completion(1);

      worker.waitFor(UUID.randomUUID().toString(), 1, sleep("1s"));
      assertThat(worker.next().getError().getErrorMessage()).contains("not found");
    }
  }
}
