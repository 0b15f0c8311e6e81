package io.hatchet4j.engine.internal.dispatch;

import static io.hatchet4j.engine.internal.auth.AuthInterceptor.currentTenantId;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unary;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.checks.RegistrationChecks;
import io.hatchet4j.engine.internal.checks.TriggerChecks;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.ScheduleRequest;
import io.hatchet4j.engine.internal.runs.TriggerSpec;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowResponse;
import io.hatchet4j.proto.workflows.PutRateLimitRequest;
import io.hatchet4j.proto.workflows.PutRateLimitResponse;
import io.hatchet4j.proto.workflows.PutWorkflowRequest;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import io.hatchet4j.proto.workflows.ScheduledWorkflow;
import io.hatchet4j.proto.workflows.TriggerWorkflowResponse;
import io.hatchet4j.proto.workflows.WorkflowServiceGrpc;
import io.hatchet4j.proto.workflows.WorkflowVersion;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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
    unary(observer, () -> {
      RegistrationChecks.check(request.getOpts());
      return orchestrator.putWorkflow(tenantId, Protos.workflowSpec(request.getOpts())).thenApply(Protos::workflowVersion);
    });
  }

  @Override
  public void triggerWorkflow(TriggerWorkflowRequest request, StreamObserver<TriggerWorkflowResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      TriggerChecks.check(request);
      return requireWorkflows(tenantId, List.of(request.getName()))
          .thenCompose(known -> orchestrator.trigger(tenantId, List.of(Protos.triggerSpec(request))))
          .thenApply(ids -> TriggerWorkflowResponse.newBuilder().setWorkflowRunId(ids.get(0)).build());
    });
  }

  @Override
  public void bulkTriggerWorkflow(BulkTriggerWorkflowRequest request, StreamObserver<BulkTriggerWorkflowResponse> observer) {
    String tenantId = currentTenantId();
    List<TriggerSpec> specs = request.getWorkflowsList().stream().map(Protos::triggerSpec).toList();
    unary(observer, () -> {
      request.getWorkflowsList().forEach(TriggerChecks::check);
      if (specs.isEmpty()) {
        // Upstream answers an empty bulk trigger with no runs.
        return CompletableFuture.completedFuture(BulkTriggerWorkflowResponse.getDefaultInstance());
      }
      return requireWorkflows(tenantId, TriggerChecks.names(request.getWorkflowsList()))
          .thenCompose(known -> orchestrator.trigger(tenantId, specs))
          .thenApply(ids -> BulkTriggerWorkflowResponse.newBuilder().addAllWorkflowRunIds(ids).build());
    });
  }

  @Override
  public void scheduleWorkflow(ScheduleWorkflowRequest request, StreamObserver<WorkflowVersion> observer) {
    String tenantId = currentTenantId();
    List<Long> times = request.getSchedulesList().stream().map(Protos::epochMs).toList();
    ScheduleRequest schedule = new ScheduleRequest(
        request.getName(),
        request.getInput(),
        request.hasAdditionalMetadata() ? request.getAdditionalMetadata() : null,
        request.hasPriority() ? request.getPriority() : null,
        times,
        request.hasParentId() ? request.getParentId() : null,
        request.hasParentTaskRunExternalId() ? request.getParentTaskRunExternalId() : null,
        request.hasChildIndex() ? request.getChildIndex() : null,
        request.hasChildKey() ? request.getChildKey() : null,
        false);
    unary(observer, () -> orchestrator.workflows(tenantId).thenCompose(workflows -> {
      if (workflows.stream().noneMatch(w -> w.name().equals(request.getName()))) {
        throw TriggerChecks.unknownScheduledWorkflow();
      }
      TriggerChecks.check(request);
      return request.getSchedulesCount() == 0
          ? CompletableFuture.completedFuture(List.<ScheduleRecord>of())
          : orchestrator.schedule(tenantId, schedule);
    }).thenCompose(scheduled ->
        orchestrator.workflowNamed(tenantId, request.getName()).thenApply(version -> {
          WorkflowVersion.Builder b = Protos.workflowVersion(version).toBuilder();
          for (ScheduleRecord record : scheduled) {
            b.addScheduledWorkflows(ScheduledWorkflow.newBuilder()
                .setId(record.id())
                .setTriggerAt(Protos.timestamp(record.triggerAtMs())));
          }
          return b.build();
        })));
  }

  /** Fails with upstream's answer unless the tenant has a workflow of each name. */
  private CompletableFuture<Void> requireWorkflows(String tenantId, List<String> names) {
    return orchestrator.workflows(tenantId).thenAccept(workflows -> TriggerChecks.requireWorkflows(names,
        workflows.stream().map(WorkflowVersionRecord::name).collect(Collectors.toSet())));
  }

  @Override
  public void putRateLimit(PutRateLimitRequest request, StreamObserver<PutRateLimitResponse> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> orchestrator.putRateLimit(tenantId, request.getKey(), request.getLimit(),
            request.getDuration().name())
        .thenApply(done -> PutRateLimitResponse.getDefaultInstance()));
  }
}
