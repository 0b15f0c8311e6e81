package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.DispatcherGrpc;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowRunsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.events.EventsServiceGrpc;
import io.hatchet4j.proto.v1.AdminServiceGrpc;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.GetRunDetailsRequest;
import io.hatchet4j.proto.v1.GetRunDetailsResponse;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.WorkflowServiceGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A raw gRPC client of the engine, authenticated as one tenant, with helpers for the tests. */
final class TestClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(15);

  final ManagedChannel channel;
  final DispatcherGrpc.DispatcherBlockingStub dispatcher;
  final DispatcherGrpc.DispatcherStub dispatcherAsync;
  final WorkflowServiceGrpc.WorkflowServiceBlockingStub workflows;
  final AdminServiceGrpc.AdminServiceBlockingStub admin;
  final EventsServiceGrpc.EventsServiceBlockingStub events;

  private TestClient(ManagedChannel channel) {
    this.channel = channel;
    this.dispatcher = DispatcherGrpc.newBlockingStub(channel);
    this.dispatcherAsync = DispatcherGrpc.newStub(channel);
    this.workflows = WorkflowServiceGrpc.newBlockingStub(channel);
    this.admin = AdminServiceGrpc.newBlockingStub(channel);
    this.events = EventsServiceGrpc.newBlockingStub(channel);
  }

  /** Connects with {@code authorization: bearer <token>} on every call, or no header if token is null. */
  static TestClient connect(HatchetEngine engine, String token) {
    return connect(engine.grpcTarget(), token);
  }

  /** Same, for an engine at {@code target} ({@code host:port}), in this process or another. */
  static TestClient connect(String target, String token) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target).usePlaintext();
    if (token != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "bearer " + token);
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return new TestClient(builder.build());
  }

  static CreateTaskOpts.Builder task(String workflow, String name) {
    return CreateTaskOpts.newBuilder().setReadableId(name).setAction(action(workflow, name));
  }

  static String action(String workflow, String task) {
    return workflow.toLowerCase() + ":" + task;
  }

  void register(String workflow, CreateTaskOpts.Builder... tasks) {
    CreateWorkflowVersionRequest.Builder request = CreateWorkflowVersionRequest.newBuilder().setName(workflow);
    for (CreateTaskOpts.Builder task : tasks) {
      request.addTasks(task);
    }
    admin.putWorkflow(request.build());
  }

  String trigger(String workflow, String input) {
    return workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName(workflow).setInput(input).build())
        .getWorkflowRunId();
  }

  GetRunDetailsResponse details(String runId) {
    return admin.getRunDetails(GetRunDetailsRequest.newBuilder().setExternalId(runId).build());
  }

  /** Subscribes to one run's result on a fresh SubscribeToWorkflowRuns stream. */
  CompletableFuture<WorkflowRunEvent> result(String runId) {
    CompletableFuture<WorkflowRunEvent> result = new CompletableFuture<>();
    StreamObserver<SubscribeToWorkflowRunsRequest> requests = dispatcherAsync.subscribeToWorkflowRuns(
        new StreamObserver<>() {
          @Override
          public void onNext(WorkflowRunEvent event) {
            result.complete(event);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            result.completeExceptionally(new IllegalStateException("stream ended without a result"));
          }
        });
    requests.onNext(SubscribeToWorkflowRunsRequest.newBuilder().setWorkflowRunId(runId).build());
    return result;
  }

  WorkflowRunEvent awaitResult(String runId) throws Exception {
    return result(runId).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Polls until the condition holds, failing after {@link #WAIT}. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /**
   * Waits until the engine has set a timer for {@code at}: the virtual clock reckons timers from
   * when the engine hears of what sets them, so advance only once they are set.
   */
  static void awaitTimer(VirtualClock clock, Instant at) throws InterruptedException {
    await("a timer at " + at + " (pending: " + clock.pendingTimers() + ")", () -> clock.pendingTimers().contains(at));
  }

  static List<String> ids(WorkflowRunEvent event) {
    return event.getResultsList().stream().map(r -> r.getTaskName()).toList();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
