package io.hatchet4j.workflow;

import java.util.Map;

/**
 * The worker running a task, as the task sees it; from {@link TaskContext#worker()}. Thread-safe.
 */
public interface WorkerContext {

  /** The worker's id. */
  String id();

  /**
   * Sets labels of this worker: each given key gets its value (text or whole number), other labels
   * stay. The engine matches them against the desired labels of the tasks it assigns next, for
   * example after the task loaded a model.
   *
   * @throws IllegalArgumentException if a value is neither a {@code String} nor an {@code Integer}
   */
  void upsertLabels(Map<String, ?> labels);
}
