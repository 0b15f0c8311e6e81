package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * A workflow run. Not public API.
 *
 * @param input the run input, a JSON object
 * @param additionalMetadata a JSON object
 * @param parentTaskRunId the task run that spawned this run, if it is a child run
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
    @Nullable String desiredWorkerId) {}
