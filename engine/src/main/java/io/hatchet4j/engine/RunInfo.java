package io.hatchet4j.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A snapshot of one workflow run as the engine holds it, for tests and tools.
 *
 * <p>Immutable. Get one from {@link HatchetEngine#runs(String)} or {@link HatchetEngine#run(String,
 * String)}; a later call gives a newer snapshot.
 *
 * @param id the workflow run id
 * @param workflowName the workflow's name as registered
 * @param status {@code QUEUED}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
 * @param additionalMetadata the run's metadata, including the keys the engine sets ({@code hatchet__*})
 * @param parentTaskRunId the task run that spawned it, for a child run
 * @param triggeringEventId the event that started it, for an event-triggered run
 * @param tasks its task runs, in definition order, the on-failure task last
 * @since 0.1.0
 */
public record RunInfo(
    String id,
    String workflowName,
    String status,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Map<String, Object> additionalMetadata,
    Optional<String> parentTaskRunId,
    Optional<String> triggeringEventId,
    List<TaskInfo> tasks) {

  public RunInfo {
    requireNonNull(id, "id");
    additionalMetadata = Map.copyOf(additionalMetadata);
    tasks = List.copyOf(tasks);
  }

  /** The task run with this name, if the run has one. */
  public Optional<TaskInfo> task(String name) {
    return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * A snapshot of one task run.
   *
   * @param status as {@link RunInfo#status()}
   * @param attempts how many times it was sent to a worker
   * @param output the output JSON text once it completed
   * @param error why it failed or was cancelled
   * @param logLines the lines it logged, in order
   * @since 0.1.0
   */
  public record TaskInfo(
      String id,
      String name,
      String status,
      int attempts,
      Optional<String> output,
      Optional<String> error,
      List<String> logLines) {

    public TaskInfo {
      requireNonNull(id, "id");
      logLines = List.copyOf(logLines);
    }

    static TaskInfo of(String id, String name, String status, int attempts, @Nullable String output,
        @Nullable String error, List<String> logLines) {
      return new TaskInfo(id, name, status, attempts, Optional.ofNullable(output), Optional.ofNullable(error), logLines);
    }
  }
}
