package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.EventRecord;
import javax.annotation.Nullable;

/**
 * Hears about the lifecycle of runs, tasks and events, for the engine's own trace spans.
 *
 * <p>Not public API. Called on the scheduler thread, in the batch that makes the change: an
 * implementation must be quick, must not block, must not throw and must not call the
 * orchestrator.
 */
public interface RunListener {
  /** Hears nothing. */
  RunListener NONE = new RunListener() {};

  /** A workflow run was created (its metadata already carries the run's {@code traceparent}). */
  default void runCreated(RunInfo run) {}

  /** An attempt was sent to a worker: its time in the queue ends here. */
  default void taskSentToWorker(TaskAttempt attempt, long atMs) {}

  /** The worker reported that the attempt started. */
  default void taskStarted(TaskAttempt attempt, long atMs) {}

  /** The attempt ended; {@code message} is the error or the reason for anything but COMPLETED. */
  default void taskFinished(TaskAttempt attempt, Outcome outcome, @Nullable String message, long atMs) {}

  /** An event was stored, after the runs it triggered were created. */
  default void eventPushed(EventRecord event) {}

  /**
   * Runs and events created before {@code cutoffMs} are being deleted: forget what belongs to
   * them (traces whose newest span started before it). May take a little longer than the others.
   */
  default void retentionCutoff(long cutoffMs) {}

  /** How an attempt ended. */
  enum Outcome {
    COMPLETED,
    FAILED,
    CANCELLED,
    SCHEDULING_TIMED_OUT
  }

  /** What a listener knows of a workflow run. */
  record RunInfo(
      String tenantId,
      String id,
      String workflowId,
      String workflowVersionId,
      String workflowName,
      String additionalMetadata,
      long createdAtMs,
      @Nullable String parentWorkflowRunId,
      @Nullable String parentTaskRunId,
      @Nullable String triggeringEventId) {

    static RunInfo of(RunState run) {
      return new RunInfo(run.tenantId, run.id, run.version.workflowId(), run.version.id(), run.version.name(),
          run.additionalMetadata, run.createdAtMs, run.parentWorkflowRunId, run.parentTaskRunId,
          run.triggeringEventId);
    }
  }

  /**
   * One attempt of a task.
   *
   * @param stepId the task's definition id
   * @param queuedAtMs when this attempt was queued, null if it never was
   */
  record TaskAttempt(
      RunInfo run,
      String taskRunId,
      String readableId,
      String actionId,
      String stepId,
      int retryCount,
      long createdAtMs,
      @Nullable Long queuedAtMs) {

    static TaskAttempt of(TaskState task) {
      return new TaskAttempt(RunInfo.of(task.run), task.id, task.readableId(), task.spec.actionId(),
          task.definitionId, task.retryCount, task.createdAtMs, task.queuedAtMs);
    }
  }
}
