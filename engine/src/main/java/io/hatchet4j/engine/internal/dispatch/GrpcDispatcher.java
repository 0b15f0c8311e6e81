package io.hatchet4j.engine.internal.dispatch;

import static io.hatchet4j.engine.internal.auth.AuthInterceptor.currentTenantId;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.toStatus;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unary;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unimplemented;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.checks.RegistrationChecks;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.StepEvent;
import io.hatchet4j.engine.internal.runs.Subscription;
import io.hatchet4j.engine.internal.runs.WorkerSpec;
import io.hatchet4j.proto.dispatcher.ActionEventResponse;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.BatchActionEvent;
import io.hatchet4j.proto.dispatcher.DispatcherGrpc;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;
import io.hatchet4j.proto.dispatcher.GetVersionResponse;
import io.hatchet4j.proto.dispatcher.GroupKeyActionEvent;
import io.hatchet4j.proto.dispatcher.HeartbeatRequest;
import io.hatchet4j.proto.dispatcher.HeartbeatResponse;
import io.hatchet4j.proto.dispatcher.OverridesData;
import io.hatchet4j.proto.dispatcher.OverridesDataResponse;
import io.hatchet4j.proto.dispatcher.RefreshTimeoutRequest;
import io.hatchet4j.proto.dispatcher.RefreshTimeoutResponse;
import io.hatchet4j.proto.dispatcher.ReleaseSlotRequest;
import io.hatchet4j.proto.dispatcher.ReleaseSlotResponse;
import io.hatchet4j.proto.dispatcher.RestoreEvictedTaskRequest;
import io.hatchet4j.proto.dispatcher.RestoreEvictedTaskResponse;
import io.hatchet4j.proto.dispatcher.StepActionEvent;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowEventsRequest;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowRunsRequest;
import io.hatchet4j.proto.dispatcher.UpsertWorkerLabelsRequest;
import io.hatchet4j.proto.dispatcher.UpsertWorkerLabelsResponse;
import io.hatchet4j.proto.dispatcher.SDKS;
import io.hatchet4j.proto.dispatcher.WorkerListenRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterResponse;
import io.hatchet4j.proto.dispatcher.WorkerUnsubscribeRequest;
import io.hatchet4j.proto.dispatcher.WorkerUnsubscribeResponse;
import io.hatchet4j.proto.dispatcher.WorkflowEvent;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The v0 {@code Dispatcher} service: worker registration, the action stream, task events and
 * result subscriptions.
 *
 * <p>Thread-safe.
 */
final class GrpcDispatcher extends DispatcherGrpc.DispatcherImplBase {
  /**
   * The engine version reported to SDKs, which pick protocol paths by it. The official SDKs'
   * thresholds: slot_config registration from v0.78.23, the durable {@code DurableTask} stream and
   * eviction from v0.80.0, the OTLP trace collector from v0.82.0, task batching from v0.88.1.
   *
   * <p>This engine does ListenV2, slot_config, the durable stream and the collector but not
   * batching, so it reports v0.82.0. Raise it together with the features.
   */
  static final String ENGINE_VERSION = "v0.82.0";

  private final Orchestrator orchestrator;

  GrpcDispatcher(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> observer) {
    observer.onNext(GetVersionResponse.newBuilder().setVersion(ENGINE_VERSION).build());
    observer.onCompleted();
  }

  /** The only {@code runtime_info.language} values upstream accepts when the field is set. */
  private static final Set<SDKS> KNOWN_LANGUAGES = EnumSet.of(SDKS.GO, SDKS.PYTHON, SDKS.TYPESCRIPT, SDKS.RUBY);
  /** What upstream's error middleware answers for an error that is not a gRPC status. */
  static final String INTERNAL_ERROR_TEXT = "An internal error occurred.";

  @Override
  public void register(WorkerRegisterRequest request, StreamObserver<WorkerRegisterResponse> observer) {
    String tenantId = currentTenantId();
    try {
      RegistrationChecks.check(request);
    } catch (EngineException e) {
      observer.onError(toStatus(e));
      return;
    }
    if (request.getRuntimeInfo().hasLanguage() && !KNOWN_LANGUAGES.contains(request.getRuntimeInfo().getLanguage())) {
      // Upstream's worker repository refuses the registration with a plain error, which its error
      // middleware turns into INTERNAL with a generic text; only its log names the cause.
      observer.onError(toStatus(EngineException.internal(INTERNAL_ERROR_TEXT,
          "could not create worker " + request.getWorkerName() + " for tenant " + tenantId + ": invalid sdk: "
              + request.getRuntimeInfo().getLanguage())));
      return;
    }
    WorkerSpec spec = new WorkerSpec(
        request.getWorkerName(),
        request.getActionsList(),
        request.getSlotConfigMap(),
        request.hasSlots() ? request.getSlots() : null,
        Protos.labels(request.getLabelsMap()));
    unary(observer, () -> orchestrator.registerWorker(tenantId, spec).thenApply(worker ->
        WorkerRegisterResponse.newBuilder()
            .setTenantId(tenantId)
            .setWorkerId(worker.id())
            .setWorkerName(worker.name())
            .build()));
  }

  @Override
  public void listen(WorkerListenRequest request, StreamObserver<AssignedAction> observer) {
    openActionStream(request, observer);
  }

  /** Same as {@link #listen}: an open stream keeps a worker alive either way. */
  @Override
  public void listenV2(WorkerListenRequest request, StreamObserver<AssignedAction> observer) {
    openActionStream(request, observer);
  }

  private void openActionStream(WorkerListenRequest request, StreamObserver<AssignedAction> observer) {
    String tenantId = currentTenantId();
    String workerId = Ids.canonicalOrNull(request.getWorkerId());
    AtomicReference<String> sessionId = new AtomicReference<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    OutboundStream<AssignedAction> stream = new OutboundStream<>(observer, () -> {
      cancelled.set(true);
      String session = sessionId.get();
      if (session != null) {
        orchestrator.closeListener(workerId, session);
      }
    });
    if (workerId == null) {
      stream.fail(Status.INVALID_ARGUMENT.withDescription("invalid worker ID format: " + request.getWorkerId()));
      return;
    }
    orchestrator.openListener(tenantId, workerId, action -> stream.send(Protos.assignedAction(action)))
        .whenComplete((session, error) -> {
          if (error != null) {
            stream.fail(toStatus(error).getStatus());
            return;
          }
          sessionId.set(session);
          if (cancelled.get()) {
            // The client left while the session was opening; closing twice is harmless.
            orchestrator.closeListener(workerId, session);
          }
        });
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.heartbeat(tenantId, request.getWorkerId())
        .thenApply(ignored -> HeartbeatResponse.getDefaultInstance()));
  }

  @Override
  public void unsubscribe(WorkerUnsubscribeRequest request, StreamObserver<WorkerUnsubscribeResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.unsubscribe(tenantId, request.getWorkerId())
        .thenApply(worker -> WorkerUnsubscribeResponse.newBuilder()
            .setTenantId(tenantId)
            .setWorkerId(worker.id())
            .build()));
  }

  @Override
  public void upsertWorkerLabels(UpsertWorkerLabelsRequest request, StreamObserver<UpsertWorkerLabelsResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      RegistrationChecks.checkWorkerId(request.getWorkerId());
      return orchestrator.upsertLabels(tenantId, request.getWorkerId(), Protos.labels(request.getLabelsMap()))
          .thenApply(worker -> UpsertWorkerLabelsResponse.newBuilder()
              .setTenantId(tenantId)
              .setWorkerId(worker.id())
              .build());
    });
  }

  @Override
  public void sendStepActionEvent(StepActionEvent request, StreamObserver<ActionEventResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      StepEvent event = new StepEvent(
          request.getTaskRunExternalId(),
          request.getWorkerId(),
          stepEventType(request),
          request.getEventPayload(),
          request.hasRetryCount() ? request.getRetryCount() : null,
          request.hasShouldNotRetry() && request.getShouldNotRetry());
      return orchestrator.stepEvent(tenantId, event).thenApply(ignored -> ActionEventResponse.newBuilder()
          .setTenantId(tenantId)
          .setWorkerId(request.getWorkerId())
          .build());
    });
  }

  private static StepEvent.Type stepEventType(StepActionEvent request) {
    switch (request.getEventType()) {
      case STEP_EVENT_TYPE_STARTED:
        return StepEvent.Type.STARTED;
      case STEP_EVENT_TYPE_COMPLETED:
        return StepEvent.Type.COMPLETED;
      case STEP_EVENT_TYPE_FAILED:
        return StepEvent.Type.FAILED;
      case STEP_EVENT_TYPE_CANCELLED:
        return StepEvent.Type.CANCELLED;
      case STEP_EVENT_TYPE_ACKNOWLEDGED:
        return StepEvent.Type.ACKNOWLEDGED;
      default:
        throw EngineException.invalidArgument("unknown step event type " + request.getEventTypeValue());
    }
  }

  @Override
  public void refreshTimeout(RefreshTimeoutRequest request, StreamObserver<RefreshTimeoutResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      Duration increment = Durations.parse(request.getIncrementTimeoutBy(), "increment_timeout_by");
      return orchestrator.refreshTimeout(tenantId, request.getTaskRunExternalId(), increment)
          .thenApply(timeoutAt -> RefreshTimeoutResponse.newBuilder()
              .setTimeoutAt(Protos.timestamp(timeoutAt))
              .build());
    });
  }

  @Override
  public void releaseSlot(ReleaseSlotRequest request, StreamObserver<ReleaseSlotResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.releaseSlot(tenantId, request.getTaskRunExternalId())
        .thenApply(ignored -> ReleaseSlotResponse.getDefaultInstance()));
  }

  /**
   * Sends each requested run's result once the run has finished. Ids of runs this tenant does not
   * have get no answer (as upstream), so one bad id does not break a stream the SDKs share.
   */
  @Override
  public StreamObserver<SubscribeToWorkflowRunsRequest> subscribeToWorkflowRuns(
      StreamObserver<WorkflowRunEvent> observer) {
    return new RunResultStream(currentTenantId(), orchestrator, observer);
  }

  @Override
  public void subscribeToWorkflowEvents(SubscribeToWorkflowEventsRequest request, StreamObserver<WorkflowEvent> observer) {
    String tenantId = currentTenantId();
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    OutboundStream<WorkflowEvent> stream = new OutboundStream<>(observer, () -> {
      cancelled.set(true);
      Subscription s = subscription.get();
      if (s != null) {
        s.close();
      }
    });
    if (!request.hasWorkflowRunId()) {
      if (request.hasAdditionalMetaKey() && request.hasAdditionalMetaValue()) {
        stream.fail(GrpcCalls.unimplemented("subscribing to workflow events by additional metadata"));
      } else {
        stream.fail(Status.INVALID_ARGUMENT.withDescription(
            "either workflow run id or additional meta key-value must be provided"));
      }
      return;
    }
    CompletableFuture<Optional<Subscription>> future;
    try {
      future = orchestrator.subscribeEvents(tenantId, request.getWorkflowRunId(), event -> {
        stream.send(Protos.workflowEvent(event));
        if (event.hangup()) {
          stream.complete();
        }
      });
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((s, error) -> {
      if (error != null) {
        stream.fail(toStatus(error).getStatus());
        return;
      }
      if (s.isEmpty()) {
        stream.complete(); // the run has ended: upstream closes the stream with no events
        return;
      }
      subscription.set(s.get());
      if (cancelled.get()) {
        s.get().close();
      }
    });
  }

  @Override
  public void sendBatchActionEvent(BatchActionEvent request, StreamObserver<ActionEventResponse> observer) {
    unimplemented(observer, "task batching");
  }

  @Override
  public void sendGroupKeyActionEvent(GroupKeyActionEvent request, StreamObserver<ActionEventResponse> observer) {
    unimplemented(observer, "get-group-key actions (a v0 feature)");
  }

  /** Accepted and ignored: playground overrides only matter to the upstream dashboard. */
  @Override
  public void putOverridesData(OverridesData request, StreamObserver<OverridesDataResponse> observer) {
    observer.onNext(OverridesDataResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void restoreEvictedTask(RestoreEvictedTaskRequest request, StreamObserver<RestoreEvictedTaskResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.durableTasks().restoreEvicted(tenantId, request.getTaskRunExternalId())
        .thenApply(requeued -> RestoreEvictedTaskResponse.newBuilder().setRequeued(requeued).build()));
  }
}
