package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * A run scheduled for a future time. It is deleted when it fires or is deleted. Not public API.
 *
 * @param workflowName the workflow as registered (exact case)
 * @param input the run input, a JSON object
 * @param additionalMetadata a JSON object
 * @param method {@code API} when created over REST, {@code DEFAULT} over gRPC
 */
public record ScheduleRecord(
    String id,
    String tenantId,
    String workflowName,
    String workflowId,
    String input,
    String additionalMetadata,
    @Nullable Integer priority,
    long triggerAtMs,
    String method,
    long createdAtMs,
    long updatedAtMs,
    @Nullable String parentWorkflowRunId,
    @Nullable String parentTaskRunId,
    @Nullable Integer childIndex,
    @Nullable String childKey) {

  public ScheduleRecord withTriggerAt(long newTriggerAtMs, long nowMs) {
    return new ScheduleRecord(id, tenantId, workflowName, workflowId, input, additionalMetadata, priority,
        newTriggerAtMs, method, createdAtMs, nowMs, parentWorkflowRunId, parentTaskRunId, childIndex, childKey);
  }
}
