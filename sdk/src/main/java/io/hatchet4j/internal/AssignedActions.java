package io.hatchet4j.internal;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import java.util.Map;

/** What interceptors and task contexts see of an action the engine assigned. Not public API. */
final class AssignedActions {
  private AssignedActions() {}

  /** A task of this worker: everything the action carries, with the workflow's namespaced name. */
  static ActionInfo info(AssignedAction action, String workerId, String workflowName) {
    return new ActionInfo(
        action.getTenantId(),
        workerId,
        action.getWorkflowRunId(),
        action.getTaskId(),
        action.getTaskRunExternalId(),
        action.getActionId(),
        action.getTaskName(),
        workflowName,
        action.getRetryCount(),
        action.getActionPayload(),
        Json.parseMetadata(action.hasAdditionalMetadata() ? action.getAdditionalMetadata() : null),
        action.getPriority(),
        action.hasParentWorkflowRunId() ? action.getParentWorkflowRunId() : null,
        action.hasChildWorkflowIndex() ? action.getChildWorkflowIndex() : null,
        action.hasChildWorkflowKey() ? action.getChildWorkflowKey() : null,
        action.hasWorkflowId() ? action.getWorkflowId() : null,
        action.hasWorkflowVersionId() ? action.getWorkflowVersionId() : null,
        action.hasTriggeringEventExternalId() ? action.getTriggeringEventExternalId() : null,
        action.hasTriggeringEventKey() ? action.getTriggeringEventKey() : null);
  }

  /**
   * An action for a task not running here (a cancel that arrived before or after it): what the
   * action itself says, the action id standing in for the unknown workflow name.
   */
  static ActionInfo unknown(AssignedAction action, String workerId) {
    return new ActionInfo(action.getTenantId(), workerId, action.getWorkflowRunId(), action.getTaskId(),
        action.getTaskRunExternalId(), action.getActionId(), action.getTaskName(), action.getActionId(),
        action.getRetryCount(), action.getActionPayload(), Map.of(), action.getPriority(),
        null, null, null, null, null, null, null);
  }
}
