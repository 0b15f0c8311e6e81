package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.DesiredLabel;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A request to start one workflow run. Not public API.
 *
 * @param input JSON object text; blank means {@code {}}
 * @param additionalMetadata JSON object text, or null
 * @param parentWorkflowRunId for child runs, the parent workflow run
 * @param parentTaskRunId for child runs, the task that spawned it
 * @param priority 1 to 3, or null for the workflow's default
 * @param desiredWorkerId a worker to prefer (sticky runs)
 * @param desiredWorkerLabels labels wanted of the worker of every task of the run, replacing the tasks' own
 */
public record TriggerSpec(
    String workflowName,
    @Nullable String input,
    @Nullable String additionalMetadata,
    @Nullable String parentWorkflowRunId,
    @Nullable String parentTaskRunId,
    @Nullable Integer childIndex,
    @Nullable String childKey,
    @Nullable Integer priority,
    @Nullable String desiredWorkerId,
    Map<String, DesiredLabel> desiredWorkerLabels) {

  public TriggerSpec {
    desiredWorkerLabels = desiredWorkerLabels == null ? Map.of() : Map.copyOf(desiredWorkerLabels);
  }

  /** A trigger without desired worker labels. */
  public TriggerSpec(String workflowName, @Nullable String input, @Nullable String additionalMetadata,
      @Nullable String parentWorkflowRunId, @Nullable String parentTaskRunId, @Nullable Integer childIndex,
      @Nullable String childKey, @Nullable Integer priority, @Nullable String desiredWorkerId) {
    this(workflowName, input, additionalMetadata, parentWorkflowRunId, parentTaskRunId, childIndex, childKey, priority,
        desiredWorkerId, Map.of());
  }

  /** A plain trigger without parent, priority or sticky worker. */
  public static TriggerSpec of(String workflowName, String input) {
    return new TriggerSpec(workflowName, input, null, null, null, null, null, null, null);
  }
}
