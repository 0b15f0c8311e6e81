package io.hatchet4j.engine.internal.dispatch;

import static io.hatchet4j.engine.internal.auth.AuthInterceptor.currentTenantId;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unary;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unimplemented;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.checks.RegistrationChecks;
import io.hatchet4j.engine.internal.checks.TriggerChecks;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.TriggerSpec;
import io.hatchet4j.proto.v1.AdminServiceGrpc;
import io.hatchet4j.proto.v1.BranchDurableTaskRequest;
import io.hatchet4j.proto.v1.BranchDurableTaskResponse;
import io.hatchet4j.proto.v1.CancelTasksRequest;
import io.hatchet4j.proto.v1.CancelTasksResponse;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionResponse;
import io.hatchet4j.proto.v1.GetRunDetailsRequest;
import io.hatchet4j.proto.v1.GetRunDetailsResponse;
import io.hatchet4j.proto.v1.ReplayTasksRequest;
import io.hatchet4j.proto.v1.ReplayTasksResponse;
import io.hatchet4j.proto.v1.TriggerWorkflowRunRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRunResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The v1 {@code AdminService}: workflow registration, cancellation and run details.
 *
 * <p>Thread-safe.
 */
final class GrpcAdmin extends AdminServiceGrpc.AdminServiceImplBase {
  private final Orchestrator orchestrator;

  GrpcAdmin(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public void putWorkflow(CreateWorkflowVersionRequest request, StreamObserver<CreateWorkflowVersionResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      RegistrationChecks.check(request);
      refuseUnsupported(request);
      return orchestrator.putWorkflow(tenantId, Protos.workflowSpec(request))
          .thenApply(version -> CreateWorkflowVersionResponse.newBuilder()
              .setId(version.id())
              .setWorkflowId(version.workflowId())
              .build());
    });
  }

  /**
   * What this engine does not do is refused rather than ignored. Batch tasks ({@code
   * CreateTaskOpts.batch}): a batch handler expects many inputs at once, and this engine reports a
   * version below the SDKs' batching threshold (v0.88.1), so they do not rely on it. Workflow
   * idempotency ({@code idempotency}): its runs would start twice where upstream answers with the
   * run holding the key.
   */
  private static void refuseUnsupported(CreateWorkflowVersionRequest request) {
    boolean batched = request.getTasksList().stream().anyMatch(CreateTaskOpts::hasBatch)
        || (request.hasOnFailureTask() && request.getOnFailureTask().hasBatch());
    if (batched) {
      throw GrpcCalls.unimplemented("batch tasks (CreateTaskOpts.batch)").asRuntimeException();
    }
    if (request.hasIdempotency()) {
      throw GrpcCalls.unimplemented("workflow idempotency keys (CreateWorkflowVersionRequest.idempotency)")
          .asRuntimeException();
    }
  }

  @Override
  public void cancelTasks(CancelTasksRequest request, StreamObserver<CancelTasksResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      if (request.hasFilter()) {
        if (request.getExternalIdsCount() > 0) {
          throw EngineException.invalidArgument("cannot provide both external ids and filter");
        }
        return orchestrator.cancel(tenantId, Protos.runFilter(request.getFilter()))
            .thenApply(ids -> CancelTasksResponse.newBuilder().addAllCancelledTasks(ids).build());
      }
      return orchestrator.cancel(tenantId, request.getExternalIdsList())
          .thenApply(ids -> CancelTasksResponse.newBuilder().addAllCancelledTasks(ids).build());
    });
  }

  @Override
  public void triggerWorkflowRun(TriggerWorkflowRunRequest request, StreamObserver<TriggerWorkflowRunResponse> observer) {
    String tenantId = currentTenantId();
    TriggerSpec spec = new TriggerSpec(
        request.getWorkflowName(),
        request.getInput().toString(UTF_8),
        request.getAdditionalMetadata().isEmpty() ? null : request.getAdditionalMetadata().toString(UTF_8),
        null, null, null, null,
        request.hasPriority() ? request.getPriority() : null,
        null,
        Protos.desiredLabels(request.getDesiredWorkerLabelsMap()));
    unary(observer, () -> {
      TriggerChecks.check(request);
      // Upstream answers an unknown workflow with a run id that never runs; we refuse it as the
      // legacy trigger does.
      return orchestrator.workflows(tenantId)
          .thenAccept(workflows -> TriggerChecks.requireWorkflows(List.of(request.getWorkflowName()),
              workflows.stream().map(w -> w.name()).collect(java.util.stream.Collectors.toSet())))
          .thenCompose(known -> orchestrator.trigger(tenantId, List.of(spec)))
          .thenApply(ids -> TriggerWorkflowRunResponse.newBuilder().setExternalId(ids.get(0)).build());
    });
  }

  @Override
  public void getRunDetails(GetRunDetailsRequest request, StreamObserver<GetRunDetailsResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.runView(tenantId, request.getExternalId()).thenApply(Protos::runDetails));
  }

  @Override
  public void replayTasks(ReplayTasksRequest request, StreamObserver<ReplayTasksResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      if (request.hasFilter() && request.getExternalIdsCount() > 0) {
        throw EngineException.invalidArgument("cannot provide both external ids and filter");
      }
      CompletableFuture<List<String>> replayed = request.hasFilter()
          ? orchestrator.replay(tenantId, Protos.runFilter(request.getFilter()))
          : orchestrator.replay(tenantId, request.getExternalIdsList());
      return replayed.thenApply(ids -> ReplayTasksResponse.newBuilder().addAllReplayedTasks(ids).build());
    });
  }

  @Override
  public void branchDurableTask(BranchDurableTaskRequest request, StreamObserver<BranchDurableTaskResponse> observer) {
    unimplemented(observer, "branching durable tasks");
  }
}
