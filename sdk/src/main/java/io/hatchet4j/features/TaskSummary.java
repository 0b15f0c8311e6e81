package io.hatchet4j.features;

import io.hatchet4j.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of a run listing: a task, or a run of several tasks with those as {@link #children()}
 * (upstream's {@code V1TaskSummary}).
 *
 * @param id the task run id, or the workflow run id of a {@link Kind#DAG} row
 * @param workflowRunId the workflow run it belongs to
 * @param name the task's name as its workflow declares it, or the workflow's for a {@link Kind#DAG} row
 * @param displayName what the engine shows: upstream's {@code <name>-<creation time in unix ms>}
 * @param workflowName the workflow, namespace included; empty if the engine did not say
 * @param startedAt null until a worker starts it
 * @param finishedAt null until it finishes
 * @param duration null until it finishes
 * @param errorMessage null unless it failed or was cancelled with a reason
 * @param retryCount how many times it was retried
 * @param output its output, or an empty object until it completes
 * @param children the tasks of a {@link Kind#DAG} row; empty otherwise
 */
public record TaskSummary(
    String id,
    String workflowRunId,
    String workflowId,
    String workflowName,
    String name,
    String displayName,
    RunStatus status,
    Kind kind,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Duration duration,
    String errorMessage,
    int retryCount,
    Map<String, String> additionalMetadata,
    Payload input,
    Payload output,
    List<TaskSummary> children) {

  /** What a row stands for. */
  public enum Kind {
    /** One task. */
    TASK,
    /** A run of several tasks. */
    DAG
  }

  public TaskSummary {
    additionalMetadata = Map.copyOf(additionalMetadata);
    children = List.copyOf(children);
  }

  /** When a worker started it, if one has. */
  public Optional<Instant> started() {
    return Optional.ofNullable(startedAt);
  }

  /** When it finished, if it has. */
  public Optional<Instant> finished() {
    return Optional.ofNullable(finishedAt);
  }

  /** Why it failed, if it did. */
  public Optional<String> error() {
    return Optional.ofNullable(errorMessage);
  }
}
