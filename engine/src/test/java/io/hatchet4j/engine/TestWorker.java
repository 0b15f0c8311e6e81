package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.ActionType;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.StepActionEvent;
import io.hatchet4j.proto.dispatcher.StepActionEventType;
import io.hatchet4j.proto.dispatcher.WorkerListenRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A worker the test drives by hand over the raw protocol: it receives actions and reports events. */
final class TestWorker implements AutoCloseable {
  final TestClient client;
  final String id;
  final BlockingQueue<AssignedAction> received = new LinkedBlockingQueue<>();
  private final Context.CancellableContext listenContext = Context.current().withCancellation();

  private TestWorker(TestClient client, String id) {
    this.client = client;
    this.id = id;
  }

  /** Registers a worker with {@code slots} default slots for the actions and opens its ListenV2 stream. */
  static TestWorker start(TestClient client, int slots, String... actions) {
    String id = client.dispatcher.register(WorkerRegisterRequest.newBuilder()
        .setWorkerName("test-worker")
        .addAllActions(List.of(actions))
        .putSlotConfig("default", slots)
        .build()).getWorkerId();
    TestWorker worker = new TestWorker(client, id);
    worker.listen();
    return worker;
  }

  private void listen() {
    listenContext.run(() -> client.dispatcherAsync.listenV2(
        WorkerListenRequest.newBuilder().setWorkerId(id).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(AssignedAction action) {
            received.add(action);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        }));
  }

  AssignedAction next() throws InterruptedException {
    AssignedAction action = received.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(action).as("an action for worker " + id).isNotNull();
    return action;
  }

  /** Returns the next START action, failing on anything else. */
  AssignedAction nextStart() throws InterruptedException {
    AssignedAction action = next();
    assertThat(action.getActionType()).isEqualTo(ActionType.START_STEP_RUN);
    return action;
  }

  /**
   * Asserts that the next action is the start of {@code markerRunId}, a run triggered after the
   * moment in question, and reports it completed. The engine sends a worker's actions in order on
   * its stream, so anything it sent before the marker would arrive first: this proves that nothing
   * else reached the worker, without waiting out a quiet period. The worker needs a free slot for
   * the marker's action.
   */
  void assertNextStartIs(String markerRunId) throws InterruptedException {
    AssignedAction next = next();
    assertThat(next.getActionType()).as("the marker's start, got " + next).isEqualTo(ActionType.START_STEP_RUN);
    assertThat(next.getWorkflowRunId()).as("nothing before the marker run, got " + next).isEqualTo(markerRunId);
    completed(next, "{}");
  }

  void started(AssignedAction action) {
    send(action, StepActionEventType.STEP_EVENT_TYPE_STARTED, "", false);
  }

  void completed(AssignedAction action, String output) {
    send(action, StepActionEventType.STEP_EVENT_TYPE_COMPLETED, output, false);
  }

  void failed(AssignedAction action, String error, boolean shouldNotRetry) {
    send(action, StepActionEventType.STEP_EVENT_TYPE_FAILED, error, shouldNotRetry);
  }

  void send(AssignedAction action, StepActionEventType type, String payload, boolean shouldNotRetry) {
    StepActionEvent.Builder event = StepActionEvent.newBuilder()
        .setWorkerId(id)
        .setJobId(action.getJobId())
        .setJobRunId(action.getJobRunId())
        .setTaskId(action.getTaskId())
        .setTaskRunExternalId(action.getTaskRunExternalId())
        .setActionId(action.getActionId())
        .setEventType(type)
        .setEventPayload(payload)
        .setRetryCount(action.getRetryCount());
    if (shouldNotRetry) {
      event.setShouldNotRetry(true);
    }
    client.dispatcher.sendStepActionEvent(event.build());
  }

  /** Drops the listen stream, as a crashed worker would. */
  void disconnect() {
    listenContext.cancel(null);
  }

  @Override
  public void close() {
    disconnect();
  }
}
