package io.hatchet4j.features;

import java.util.Map;

/**
 * Counts of the tenant's tasks; from {@link io.hatchet4j.Hatchet#metrics()}. Thread-safe; calls block.
 */
public interface Metrics {

  /**
   * The tasks of the runs the filter selects (since, until, workflows, metadata, parent task and
   * triggering event), counted by state.
   */
  TaskMetrics taskMetrics(RunFilter filter);

  /** The tasks of the last {@link RunFilter#DEFAULT_WINDOW}, counted by state. */
  default TaskMetrics taskMetrics() {
    return taskMetrics(RunFilter.recent());
  }

  /** Tasks waiting for a worker, by queue (the embedded engine's queue is the task's action). */
  Map<String, Integer> queueMetrics();
}
