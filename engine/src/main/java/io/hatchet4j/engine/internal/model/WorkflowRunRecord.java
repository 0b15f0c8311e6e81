package io.hatchet4j.engine.internal.model;

import java.util.Map;
import javax.annotation.Nullable;

/**
 * A workflow run. Not public API.
 *
 * @param input the run input, a JSON object
 * @param additionalMetadata a JSON object
 * @param parentTaskRunId the task run that spawned this run, if it is a child run
 * @param desiredWorkerLabels labels the trigger asked of workers; they replace each task's own
 */
public record WorkflowRunRecord(
    String id,
    String tenantId,
    String workflowVersionId,
    String input,
    String additionalMetadata,
    int priority,
    RunStatus status,
    long createdAtMs,
    @Nullable Long startedAtMs,
    @Nullable Long finishedAtMs,
    @Nullable String parentWorkflowRunId,
    @Nullable String parentTaskRunId,
    @Nullable Integer childIndex,
    @Nullable String childKey,
    @Nullable String triggeringEventId,
    @Nullable String triggeringEventKey,
    @Nullable String desiredWorkerId,
    Map<String, DesiredLabel> desiredWorkerLabels) {

  public WorkflowRunRecord {
    // Runs stored before trigger labels were kept have none.
    desiredWorkerLabels = desiredWorkerLabels == null ? Map.of() : Map.copyOf(desiredWorkerLabels);
  }

  /** A run triggered without desired worker labels. */
  public WorkflowRunRecord(String id, String tenantId, String workflowVersionId, String input,
      String additionalMetadata, int priority, RunStatus status, long createdAtMs, @Nullable Long startedAtMs,
      @Nullable Long finishedAtMs, @Nullable String parentWorkflowRunId, @Nullable String parentTaskRunId,
      @Nullable Integer childIndex, @Nullable String childKey, @Nullable String triggeringEventId,
      @Nullable String triggeringEventKey, @Nullable String desiredWorkerId) {
    this(id, tenantId, workflowVersionId, input, additionalMetadata, priority, status, createdAtMs, startedAtMs,
        finishedAtMs, parentWorkflowRunId, parentTaskRunId, childIndex, childKey, triggeringEventId,
        triggeringEventKey, desiredWorkerId, Map.of());
  }
}
