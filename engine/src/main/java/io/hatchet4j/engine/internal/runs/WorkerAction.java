package io.hatchet4j.engine.internal.runs;

import javax.annotation.Nullable;

/**
 * An order for a worker: start or cancel one task attempt. Not public API.
 *
 * @param taskDefinitionId sent as both {@code task_id} and {@code job_id}, as upstream does
 * @param payload the action payload JSON for START, empty for CANCEL
 * @param parentTaskRunId the spawning task of a child run (the protocol calls it the parent
 *     workflow run id)
 * @param durableInvocationCount for durable tasks, which sending of the task this is (1 first)
 */
public record WorkerAction(
    Type type,
    String tenantId,
    String workflowRunId,
    String taskDefinitionId,
    String taskName,
    String taskRunId,
    String actionId,
    String payload,
    int retryCount,
    String additionalMetadata,
    @Nullable Integer childIndex,
    @Nullable String childKey,
    @Nullable String parentTaskRunId,
    int priority,
    String workflowId,
    String workflowVersionId,
    @Nullable String triggeringEventId,
    @Nullable String triggeringEventKey,
    @Nullable Integer durableInvocationCount) {

  /** Start a task attempt, or cancel one the worker holds. */
  public enum Type {
    START,
    CANCEL
  }
}
