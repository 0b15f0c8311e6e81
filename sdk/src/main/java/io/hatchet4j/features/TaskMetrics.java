package io.hatchet4j.features;

/** How many tasks are in each state (upstream's {@code V1TaskRunMetrics}, as Python's {@code TaskMetrics}). */
public record TaskMetrics(int queued, int running, int completed, int failed, int cancelled) {

  /** Every task counted. */
  public int total() {
    return queued + running + completed + failed + cancelled;
  }
}
