package io.hatchet4j;

import java.util.List;

/**
 * Reads the log lines of task runs back from the engine, over the REST route the official SDKs use
 * ({@code GET /api/v1/stable/tasks/{task}/logs}); from {@link Hatchet#logs()}. Thread-safe;
 * calls block.
 *
 * <p>Lines come from {@link io.hatchet4j.workflow.TaskContext#log(LogLevel, String)} and, when
 * installed, from the application's own logging through {@link
 * io.hatchet4j.logging.TaskLogAppender}.
 */
public interface TaskLogs {
  /** The most lines one call returns, as the official SDKs ask for by default. */
  int DEFAULT_LIMIT = 1000;

  /**
   * The first {@link #DEFAULT_LIMIT} lines of task run {@code taskRunId}, oldest first, across its
   * attempts.
   *
   * @throws EngineException {@code NOT_FOUND} for an unknown task run
   */
  default List<LogLine> list(String taskRunId) {
    return list(taskRunId, DEFAULT_LIMIT);
  }

  /** The first {@code limit} lines (1 to 10,000) of task run {@code taskRunId}, oldest first. */
  List<LogLine> list(String taskRunId, int limit);
}
