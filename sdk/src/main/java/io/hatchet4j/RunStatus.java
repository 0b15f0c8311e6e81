package io.hatchet4j;

/** The states of a run, as the engine's API names them. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  CANCELLED,
  FAILED
}
