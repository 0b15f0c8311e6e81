package io.hatchet4j.engine.internal.dispatch;

import static io.hatchet4j.engine.internal.auth.AuthInterceptor.currentTenantId;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.toStatus;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unimplemented;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.runs.DurableSink;
import io.hatchet4j.engine.internal.runs.DurableWait;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.proto.v1.DurableEvent;
import io.hatchet4j.proto.v1.DurableTaskAwaitedCompletedEntry;
import io.hatchet4j.proto.v1.DurableTaskCompleteMemoRequest;
import io.hatchet4j.proto.v1.DurableTaskMemoRequest;
import io.hatchet4j.proto.v1.DurableTaskRequest;
import io.hatchet4j.proto.v1.DurableTaskResponse;
import io.hatchet4j.proto.v1.DurableTaskResponseRegisterWorker;
import io.hatchet4j.proto.v1.DurableTaskTriggerRunsRequest;
import io.hatchet4j.proto.v1.DurableTaskWaitForRequest;
import io.hatchet4j.proto.v1.ListenForDurableEventRequest;
import io.hatchet4j.proto.v1.RegisterDurableEventRequest;
import io.hatchet4j.proto.v1.RegisterDurableEventResponse;
import io.hatchet4j.proto.v1.V1DispatcherGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1 {@code V1Dispatcher}: the durable task stream ({@code DurableTask}) of engines from
 * v0.80.0. The legacy durable event calls of older engines are answered UNIMPLEMENTED, since SDKs
 * only use them against engines that report an older version.
 *
 * <p>Thread-safe.
 */
final class GrpcV1Dispatcher extends V1DispatcherGrpc.V1DispatcherImplBase {
  private static final String LEGACY = "the legacy durable event protocol (this engine speaks the DurableTask stream)";

  private final Orchestrator orchestrator;

  GrpcV1Dispatcher(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public StreamObserver<DurableTaskRequest> durableTask(StreamObserver<DurableTaskResponse> observer) {
    return new DurableStream(currentTenantId(), observer);
  }

  @Override
  public void registerDurableEvent(RegisterDurableEventRequest request, StreamObserver<RegisterDurableEventResponse> observer) {
    unimplemented(observer, LEGACY);
  }

  @Override
  public StreamObserver<ListenForDurableEventRequest> listenForDurableEvent(StreamObserver<DurableEvent> observer) {
    unimplemented(observer, LEGACY);
    return new StreamObserver<>() {
      @Override
      public void onNext(ListenForDurableEventRequest value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  /** One worker's durable task stream: requests in on gRPC threads, answers out from the scheduler. */
  private final class DurableStream implements StreamObserver<DurableTaskRequest> {
    private final Logger log = LoggerFactory.getLogger(GrpcV1Dispatcher.class);
    private final String tenantId;
    private final OutboundStream<DurableTaskResponse> out;
    private final DurableSink sink;
    private final AtomicReference<String> sessionId = new AtomicReference<>();
    private volatile boolean closed;

    DurableStream(String tenantId, StreamObserver<DurableTaskResponse> observer) {
      this.tenantId = tenantId;
      this.out = new OutboundStream<>(observer, this::close);
      this.sink = message -> out.send(Protos.durableResponse(message));
    }

    @Override
    public void onNext(DurableTaskRequest request) {
      switch (request.getMessageCase()) {
        case REGISTER_WORKER:
          register(request.getRegisterWorker().getWorkerId());
          break;
        case WAIT_FOR:
          waitFor(request.getWaitFor());
          break;
        case WORKER_STATUS:
          List<DurableWait.Awaited> awaited = new ArrayList<>();
          for (DurableTaskAwaitedCompletedEntry entry : request.getWorkerStatus().getWaitingEntriesList()) {
            awaited.add(new DurableWait.Awaited(entry.getDurableTaskExternalId(), entry.getInvocationCount(),
                entry.getNodeId()));
          }
          orchestrator.durableTasks().workerStatus(tenantId, sink, awaited);
          break;
        case EVICT_INVOCATION:
          orchestrator.durableTasks().evict(tenantId, sink, request.getEvictInvocation().getDurableTaskExternalId(),
              request.getEvictInvocation().getInvocationCount());
          break;
        case MEMO:
          DurableTaskMemoRequest memo = request.getMemo();
          orchestrator.durableTasks().memo(tenantId, sink, memo.getDurableTaskExternalId(), memo.getInvocationCount(),
              memo.getKey().toByteArray(), memo.hasPayload() ? memo.getPayload().toByteArray() : null);
          break;
        case COMPLETE_MEMO:
          DurableTaskCompleteMemoRequest complete = request.getCompleteMemo();
          orchestrator.durableTasks().completeMemo(tenantId, complete.getRef().getDurableTaskExternalId(),
              complete.getRef().getNodeId(), complete.getPayload().toByteArray());
          break;
        case TRIGGER_RUNS:
          DurableTaskTriggerRunsRequest trigger = request.getTriggerRuns();
          orchestrator.durableTasks().triggerRuns(tenantId, sink, trigger.getDurableTaskExternalId(),
              trigger.getInvocationCount(), trigger.getTriggerOptsList().stream().map(Protos::triggerSpec).toList());
          break;
        default:
          log.debug("ignoring an empty durable task request");
      }
    }

    private void register(String workerId) {
      if (Ids.canonicalOrNull(workerId) == null) {
        out.fail(Status.INVALID_ARGUMENT.withDescription("invalid worker ID format: " + workerId));
        return;
      }
      orchestrator.durableTasks().openSession(tenantId, workerId, sink).whenComplete((session, error) -> {
        if (error != null) {
          out.fail(toStatus(error).getStatus());
          return;
        }
        String previous = sessionId.getAndSet(session);
        if (previous != null) {
          orchestrator.durableTasks().closeSession(previous);
        }
        if (closed) {
          orchestrator.durableTasks().closeSession(session);
          return;
        }
        out.send(DurableTaskResponse.newBuilder()
            .setRegisterWorker(DurableTaskResponseRegisterWorker.newBuilder().setWorkerId(workerId))
            .build());
      });
    }

    private void waitFor(DurableTaskWaitForRequest request) {
      DurableWait wait = new DurableWait(
          request.getDurableTaskExternalId(),
          request.getInvocationCount(),
          Protos.waitConditions(request.getWaitForConditions()),
          request.hasLabel() ? request.getLabel() : null);
      orchestrator.durableTasks().waitFor(tenantId, sink, wait);
    }

    @Override
    public void onError(Throwable t) {
      close();
    }

    @Override
    public void onCompleted() {
      close();
      out.complete();
    }

    private void close() {
      closed = true;
      String session = sessionId.getAndSet(null);
      if (session != null) {
        orchestrator.durableTasks().closeSession(session);
      }
    }
  }
}
