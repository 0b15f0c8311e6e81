package io.hatchet4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow run ended in failure: one or more of its tasks failed after exhausting their retries.
 *
 * <p>{@link #taskErrors()} maps each failed task's name to the error its worker reported (for Java
 * workers, the exception's class, message and stack trace).
 */
public class RunFailedException extends HatchetException {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private final Map<String, String> taskErrors;

  public RunFailedException(String runId, Map<String, String> taskErrors) {
    this(runId, taskErrors, describe("failed", runId, taskErrors));
  }

  RunFailedException(String runId, Map<String, String> taskErrors, String message) {
    super(message);
    this.runId = runId;
    this.taskErrors = Map.copyOf(taskErrors);
  }

  static String describe(String outcome, String runId, Map<String, String> taskErrors) {
    StringBuilder message = new StringBuilder("workflow run ").append(runId).append(' ').append(outcome);
    // Tasks the engine cancelled before they ran (a cancel_if, a parent that failed) have no text.
    taskErrors.forEach((task, error) -> {
      if (!error.isEmpty()) {
        message.append("\n  task ").append(task).append(": ").append(firstLine(error));
      }
    });
    return message.toString();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** The id of the workflow run that failed. */
  public String runId() {
    return runId;
  }

  /** Error text by task name, for every task that failed or was cancelled. */
  public Map<String, String> taskErrors() {
    return taskErrors;
  }

  /**
   * Each failed task's error, read into exception class, message and stack trace, by task name.
   *
   * @since 0.1.0
   */
  public Map<String, TaskFailure> failures() {
    Map<String, TaskFailure> failures = new LinkedHashMap<>();
    taskErrors.forEach((task, error) -> failures.put(task, TaskFailure.parse(task, error)));
    return Collections.unmodifiableMap(failures);
  }

  /**
   * The failure of one task, if it failed.
   *
   * @since 0.1.0
   */
  public Optional<TaskFailure> failure(String taskName) {
    String error = taskErrors.get(taskName);
    return error == null ? Optional.empty() : Optional.of(TaskFailure.parse(taskName, error));
  }

  /** The error of one task, the first line of which is usually the exception and its message. */
  public String taskError(String taskName) {
    return taskErrors.get(taskName);
  }
}
