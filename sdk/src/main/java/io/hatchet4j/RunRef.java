package io.hatchet4j;

import java.time.Duration;
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
}
