package io.hatchet4j.engine.internal.runs;

import javax.annotation.Nullable;

/**
 * Something that happened in a workflow run, for run event subscribers. Not public API.
 *
 * @param resourceId the task run id, or the workflow run id for run events
 * @param payload output for COMPLETED, error for FAILED, the chunk for STREAM
 * @param hangup true on the last event of a run
 */
public record RunEvent(
    String workflowRunId,
    Resource resource,
    Type type,
    String resourceId,
    long timestampMs,
    String payload,
    boolean hangup,
    @Nullable Integer maxRetries,
    @Nullable Integer retryCount,
    @Nullable Long eventIndex) {

  /** What the event is about. */
  public enum Resource {
    TASK,
    RUN
  }

  /** What happened, as in the protocol's {@code ResourceEventType}. */
  public enum Type {
    STARTED,
    COMPLETED,
    FAILED,
    CANCELLED,
    TIMED_OUT,
    STREAM
  }
}
