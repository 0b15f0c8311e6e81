package io.hatchet4j.engine.internal.model;

/** Lifecycle of one task run. Not public API. */
public enum TaskStatus {
  /** Waiting for its parent tasks to complete. */
  PENDING,
  /** Waiting for a worker. */
  QUEUED,
  /** Failed and waiting out its retry backoff before it is queued again. */
  BACKOFF,
  /** Sent to a worker that has not reported STARTED yet. */
  ASSIGNED,
  /** Reported STARTED by its worker. */
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** Whether a worker holds it. */
  public boolean isOnWorker() {
    return this == ASSIGNED || this == RUNNING;
  }

  /** The status the protocol shows for it. */
  public RunStatus asRunStatus() {
    switch (this) {
      case ASSIGNED:
      case RUNNING:
        return RunStatus.RUNNING;
      case COMPLETED:
        return RunStatus.COMPLETED;
      case FAILED:
        return RunStatus.FAILED;
      case CANCELLED:
        return RunStatus.CANCELLED;
      default:
        return RunStatus.QUEUED;
    }
  }
}
