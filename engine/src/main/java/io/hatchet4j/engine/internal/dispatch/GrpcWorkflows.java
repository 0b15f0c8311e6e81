package io.hatchet4j.engine.internal.dispatch;

import static io.hatchet4j.engine.internal.auth.AuthInterceptor.currentTenantId;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unary;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unimplemented;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.TriggerSpec;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowResponse;
import io.hatchet4j.proto.workflows.PutRateLimitRequest;
import io.hatchet4j.proto.workflows.PutRateLimitResponse;
import io.hatchet4j.proto.workflows.PutWorkflowRequest;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import io.hatchet4j.proto.workflows.TriggerWorkflowResponse;
import io.hatchet4j.proto.workflows.WorkflowServiceGrpc;
import io.hatchet4j.proto.workflows.WorkflowVersion;
import java.util.List;

/**
 * The v0 {@code WorkflowService}: how both official SDKs trigger runs, and the legacy
 * registration shape.
 *
 * <p>Thread-safe.
 */
final class GrpcWorkflows extends WorkflowServiceGrpc.WorkflowServiceImplBase {
  private final Orchestrator orchestrator;

  GrpcWorkflows(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public void putWorkflow(PutWorkflowRequest request, StreamObserver<WorkflowVersion> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.putWorkflow(tenantId, Protos.workflowSpec(request.getOpts()))
        .thenApply(Protos::workflowVersion));
  }

  @Override
  public void triggerWorkflow(TriggerWorkflowRequest request, StreamObserver<TriggerWorkflowResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.trigger(tenantId, List.of(Protos.triggerSpec(request)))
        .thenApply(ids -> TriggerWorkflowResponse.newBuilder().setWorkflowRunId(ids.get(0)).build()));
  }

  @Override
  public void bulkTriggerWorkflow(BulkTriggerWorkflowRequest request, StreamObserver<BulkTriggerWorkflowResponse> observer) {
    String tenantId = currentTenantId();
    List<TriggerSpec> specs = request.getWorkflowsList().stream().map(Protos::triggerSpec).toList();
    unary(observer, () -> orchestrator.trigger(tenantId, specs)
        .thenApply(ids -> BulkTriggerWorkflowResponse.newBuilder().addAllWorkflowRunIds(ids).build()));
  }

  @Override
  public void scheduleWorkflow(ScheduleWorkflowRequest request, StreamObserver<WorkflowVersion> observer) {
    unimplemented(observer, "scheduled workflow runs");
  }

  @Override
  public void putRateLimit(PutRateLimitRequest request, StreamObserver<PutRateLimitResponse> observer) {
    unimplemented(observer, "rate limits");
  }
}
