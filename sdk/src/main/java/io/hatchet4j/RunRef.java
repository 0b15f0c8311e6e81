package io.hatchet4j;

import io.hatchet4j.features.RunDetails;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A workflow run that was started: its id, and its result once it finishes.
 *
 * <p>Thread-safe. The result is fetched once and shared by every caller.
 *
 * @param <O> the result type
 */
public interface RunRef<O> {

  /** The workflow run id the engine assigned. */
  String runId();

  /**
   * Completes with the run's result, or exceptionally with {@link RunFailedException} (or {@link
   * RunCancelledException}) when it fails, or {@link HatchetException} when the result cannot be
   * read.
   */
  CompletableFuture<O> result();

  /**
   * Waits for the result as long as it takes.
   *
   * @throws RunFailedException if the run failed
   * @throws RunCancelledException if it was cancelled
   * @throws HatchetException on an interrupt or a connection failure
   */
  O await();

  /**
   * Waits for the result at most {@code timeout}.
   *
   * @throws RunFailedException if the run failed
   * @throws RunCancelledException if it was cancelled
   * @throws HatchetException on a timeout, an interrupt, or a connection failure
   */
  O await(Duration timeout);

  /**
   * Cancels the run: its running tasks are cancelled on their workers and it ends cancelled
   * ({@link io.hatchet4j.features.Runs#cancel(java.util.List)}). Returns the task runs cancelled.
   */
  List<String> cancel();

  /**
   * Runs the finished run again: its failed and cancelled tasks, and what depends on them, are
   * queued again ({@link io.hatchet4j.features.Runs#replay(java.util.List)}). Returns the task runs
   * queued. A replayed run keeps its id; {@link #result()} still holds the first outcome, so read
   * the new one with {@link #status()} or {@link #details()}.
   */
  List<String> replay();

  /** The run's status now, read from the engine. */
  RunStatus status();

  /** The run with its tasks now, read from the engine. */
  RunDetails details();
}
