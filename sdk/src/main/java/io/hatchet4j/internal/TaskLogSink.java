package io.hatchet4j.internal;

import io.hatchet4j.LogLevel;

/**
 * Sends a log line to the task attempt running on the current thread, for logging bridges such as
 * {@link io.hatchet4j.logging.TaskLogAppender}. Not public API.
 */
public final class TaskLogSink {
  private TaskLogSink() {}

  /** Logs {@code message} to the current thread's task run; false when no task runs on it. */
  public static boolean log(LogLevel level, String message) {
    RealTaskContext context = CurrentTask.get().orElse(null);
    if (context == null) {
      return false;
    }
    context.log(level, message);
    return true;
  }
}
