package io.hatchet4j.interceptor;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The work the engine assigned to a worker: which task run, of which workflow run, and how it was
 * started.
 *
 * <p>Optional fields are {@code null} when the engine did not send them; the accessors named
 * {@code *Optional} wrap them.
 *
 * @param tenantId the tenant the run belongs to
 * @param workerId the worker that received it
 * @param workflowRunId the workflow run id
 * @param taskId the id of the task's definition (called step id by older SDKs)
 * @param taskRunId the task run id (step run id), the key of every per-task call
 * @param actionId {@code <workflow>:<task>}, as registered
 * @param taskName the task's name
 * @param workflowName the workflow's name, as registered (namespace included)
 * @param retryCount the attempt, 0 for the first
 * @param actionPayload the raw JSON the engine sent: input, parents' outputs, triggers
 * @param additionalMetadata the run's metadata
 * @param priority the run's priority, 1 to 3
 * @param parentWorkflowRunId for a child run, the engine's parent reference (the parent task run
 *     id on current engines)
 * @param childWorkflowIndex for a child run, its index among the parent's spawns
 * @param childWorkflowKey for a child run, its key
 * @param workflowId the workflow's id
 * @param workflowVersionId the workflow version's id
 * @param triggeringEventId for an event-triggered run, the event's id
 * @param triggeringEventKey for an event-triggered run, the event's key
 */
public record ActionInfo(
    String tenantId,
    String workerId,
    String workflowRunId,
    String taskId,
    String taskRunId,
    String actionId,
    String taskName,
    String workflowName,
    int retryCount,
    String actionPayload,
    Map<String, String> additionalMetadata,
    int priority,
    String parentWorkflowRunId,
    Integer childWorkflowIndex,
    String childWorkflowKey,
    String workflowId,
    String workflowVersionId,
    String triggeringEventId,
    String triggeringEventKey) {

  public ActionInfo {
    requireNonNull(taskRunId, "taskRunId");
    requireNonNull(actionId, "actionId");
    additionalMetadata = Map.copyOf(requireNonNull(additionalMetadata, "additionalMetadata"));
  }

  public Optional<String> parentWorkflowRunIdOptional() {
    return Optional.ofNullable(parentWorkflowRunId);
  }

  public Optional<Integer> childWorkflowIndexOptional() {
    return Optional.ofNullable(childWorkflowIndex);
  }

  public Optional<String> childWorkflowKeyOptional() {
    return Optional.ofNullable(childWorkflowKey);
  }
}
