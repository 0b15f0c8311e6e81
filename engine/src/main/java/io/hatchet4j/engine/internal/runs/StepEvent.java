package io.hatchet4j.engine.internal.runs;

import javax.annotation.Nullable;

/**
 * A worker's report about one task attempt. Not public API.
 *
 * @param workerId the reporting worker; blank when unknown
 * @param retryCount the attempt it reports on, or null for the current one
 * @param payload output JSON for COMPLETED, error text for FAILED
 */
public record StepEvent(
    String taskRunId,
    String workerId,
    Type type,
    String payload,
    @Nullable Integer retryCount,
    boolean shouldNotRetry) {

  /** Kinds of report, as in the protocol's {@code StepActionEventType}. */
  public enum Type {
    STARTED,
    COMPLETED,
    FAILED,
    CANCELLED,
    ACKNOWLEDGED
  }
}
