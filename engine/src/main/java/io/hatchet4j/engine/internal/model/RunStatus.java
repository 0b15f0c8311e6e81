package io.hatchet4j.engine.internal.model;

/** Status of a workflow run, named as in the protocol's {@code v1.RunStatus}. Not public API. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
