package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.RunStatus;
import java.util.List;
import javax.annotation.Nullable;

/** A consistent snapshot of one workflow run and its tasks. Not public API. */
public record RunView(
    String id,
    String tenantId,
    String workflowName,
    String workflowId,
    String workflowVersionId,
    RunStatus status,
    String input,
    String additionalMetadata,
    int priority,
    long createdAtMs,
    @Nullable Long startedAtMs,
    @Nullable Long finishedAtMs,
    @Nullable String parentTaskRunId,
    @Nullable String triggeringEventId,
    List<TaskView> tasks) {

  public RunView {
    tasks = List.copyOf(tasks);
  }
}
