package io.hatchet4j.interceptor;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.DesiredWorkerLabel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request to start one workflow run, as it will go on the wire.
 *
 * <p>Immutable: interceptors derive modified copies with the {@code with*} methods, for example to
 * add trace context to {@link #additionalMetadata()}.
 *
 * @param workflowName the workflow's name, namespace included
 * @param input the input as JSON object text
 * @param additionalMetadata metadata stored with the run
 * @param priority 1 to 3, or {@code null} for the workflow's default
 * @param parentWorkflowRunId for a child run, its parent's workflow run id
 * @param parentTaskRunId for a child run, the id of the task run that spawned it
 * @param childIndex for a child run, its position among the parent task's spawns
 * @param childKey for a child run, the key that makes spawning idempotent
 * @param desiredWorkerLabels labels the run wants of its worker, by label key
 * @param desiredWorkerId for a sticky child, the worker of the task that spawns it, or {@code null}
 */
public record WorkflowTrigger(
    String workflowName,
    String input,
    Map<String, String> additionalMetadata,
    Integer priority,
    String parentWorkflowRunId,
    String parentTaskRunId,
    Integer childIndex,
    String childKey,
    Map<String, DesiredWorkerLabel> desiredWorkerLabels,
    String desiredWorkerId) {

  public WorkflowTrigger {
    requireNonNull(workflowName, "workflowName");
    requireNonNull(input, "input");
    additionalMetadata = Map.copyOf(requireNonNull(additionalMetadata, "additionalMetadata"));
    desiredWorkerLabels = Map.copyOf(requireNonNull(desiredWorkerLabels, "desiredWorkerLabels"));
  }

  /** A trigger without a desired worker. */
  public WorkflowTrigger(String workflowName, String input, Map<String, String> additionalMetadata, Integer priority,
      String parentWorkflowRunId, String parentTaskRunId, Integer childIndex, String childKey,
      Map<String, DesiredWorkerLabel> desiredWorkerLabels) {
    this(workflowName, input, additionalMetadata, priority, parentWorkflowRunId, parentTaskRunId, childIndex, childKey,
        desiredWorkerLabels, null);
  }

  /** A top-level run with no priority of its own. */
  public static WorkflowTrigger of(String workflowName, String input, Map<String, String> additionalMetadata) {
    return new WorkflowTrigger(workflowName, input, additionalMetadata, null, null, null, null, null, Map.of());
  }

  /** Whether this run is spawned by a task. */
  public boolean isChild() {
    return parentTaskRunId != null;
  }

  public Optional<Integer> priorityValue() {
    return Optional.ofNullable(priority);
  }

  /** A copy whose metadata is this one's with {@code entries} added, replacing equal keys. */
  public WorkflowTrigger withAdditionalMetadata(Map<String, String> entries) {
    Map<String, String> merged = new LinkedHashMap<>(additionalMetadata);
    merged.putAll(entries);
    return new WorkflowTrigger(workflowName, input, merged, priority, parentWorkflowRunId, parentTaskRunId, childIndex,
        childKey, desiredWorkerLabels, desiredWorkerId);
  }

  /** A copy spawned by the given task run. */
  public WorkflowTrigger withParent(
      String parentWorkflowRunId, String parentTaskRunId, int childIndex, String childKey) {
    return new WorkflowTrigger(
        workflowName,
        input,
        additionalMetadata,
        priority,
        requireNonNull(parentWorkflowRunId, "parentWorkflowRunId"),
        requireNonNull(parentTaskRunId, "parentTaskRunId"),
        childIndex,
        childKey,
        desiredWorkerLabels,
        desiredWorkerId);
  }

  /** A copy with this priority. */
  public WorkflowTrigger withPriority(Integer priority) {
    return new WorkflowTrigger(
        workflowName, input, additionalMetadata, priority, parentWorkflowRunId, parentTaskRunId, childIndex, childKey,
        desiredWorkerLabels, desiredWorkerId);
  }

  /** A copy that asks for this worker (a sticky child's parent worker), or none. */
  public WorkflowTrigger withDesiredWorkerId(String desiredWorkerId) {
    return new WorkflowTrigger(
        workflowName, input, additionalMetadata, priority, parentWorkflowRunId, parentTaskRunId, childIndex, childKey,
        desiredWorkerLabels, desiredWorkerId);
  }
}
