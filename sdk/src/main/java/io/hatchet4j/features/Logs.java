package io.hatchet4j.features;

import java.util.List;

/**
 * The lines tasks logged ({@link io.hatchet4j.workflow.TaskContext#log}); from {@link
 * io.hatchet4j.Hatchet#logs()}. Thread-safe; calls block.
 */
public interface Logs {

  /** A task run's lines, oldest first, at most {@link LogQuery#DEFAULT_LIMIT}. */
  default List<LogLine> list(String taskRunId) {
    return list(taskRunId, LogQuery.defaults());
  }

  /** A task run's lines the query selects. */
  List<LogLine> list(String taskRunId, LogQuery query);
}
