package io.hatchet4j.features;

import io.hatchet4j.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow run with its tasks (upstream's {@code V1WorkflowRunDetails}).
 *
 * @param id the workflow run id
 * @param displayName the workflow's name, namespace included
 * @param output the outputs of its completed tasks, by task name
 * @param startedAt null until a task starts
 * @param finishedAt null until it finishes
 * @param errorMessage the first task error, or null
 * @param tasks its tasks, in definition order
 */
public record RunDetails(
    String id,
    RunStatus status,
    String displayName,
    String workflowId,
    Payload input,
    Payload output,
    Map<String, String> additionalMetadata,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String errorMessage,
    List<TaskSummary> tasks) {

  public RunDetails {
    additionalMetadata = Map.copyOf(additionalMetadata);
    tasks = List.copyOf(tasks);
  }

  /** Why it failed, if it did. */
  public Optional<String> error() {
    return Optional.ofNullable(errorMessage);
  }

  /** Whether it finished: completed, failed or cancelled. */
  public boolean isDone() {
    return status == RunStatus.COMPLETED || status == RunStatus.FAILED || status == RunStatus.CANCELLED;
  }

  /** Its task named {@code name}, if it has one. */
  public Optional<TaskSummary> task(String name) {
    return tasks.stream().filter(task -> task.name().equals(name)).findFirst();
  }
}
