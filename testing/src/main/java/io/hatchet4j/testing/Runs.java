package io.hatchet4j.testing;

import io.hatchet4j.RunStatus;
import io.hatchet4j.engine.RunInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The workflow runs of the current test's tenant, read from the engine, and waits that fail as
 * assertions.
 *
 * <p>Declare it as a parameter of a test or {@code @BeforeEach} method of a {@link HatchetTest}
 * class, or get it from {@link HatchetTestEnvironment#runs()}. Every read is a fresh snapshot. A
 * wait polls the engine until its deadline, then throws an {@link AssertionError} that lists the
 * runs it saw, with their tasks and errors. Thread-safe.
 *
 * <pre>{@code
 * String runId = hatchet.runNoWait(GREET, new Person("Ada")).runId();
 * RunInfo run = runs.await(runId, RunStatus.COMPLETED);
 * assertThat(run.task("greet").orElseThrow().attempts()).isEqualTo(1);
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Runs {

  /** How long {@link #await(String, RunStatus...)} waits. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The tenant's runs, newest first. */
  List<RunInfo> list();

  /** The run with this id, or empty if the tenant has none. */
  Optional<RunInfo> get(String runId);

  /**
   * Waits up to {@link #DEFAULT_TIMEOUT} for the run to have one of {@code statuses}, or with none
   * given to finish ({@code COMPLETED}, {@code FAILED} or {@code CANCELLED}), and returns it.
   *
   * @throws AssertionError if it does not in time, or at once if it finishes with another status;
   *     the message names the statuses it went through and its tasks
   */
  RunInfo await(String runId, RunStatus... statuses);

  /** As {@link #await(String, RunStatus...)}, waiting up to {@code timeout}. */
  RunInfo await(String runId, Duration timeout, RunStatus... statuses);

  /**
   * Waits up to {@code timeout} until the tenant has at least one run and every run matches, then
   * returns them, newest first. Runs created after it returns are not waited for.
   *
   * <pre>{@code
   * runs.awaitAll(run -> run.status().equals("COMPLETED"), Duration.ofSeconds(5));
   * }</pre>
   *
   * @throws AssertionError if that does not happen in time, listing every run and whether it
   *     matched
   */
  List<RunInfo> awaitAll(Predicate<? super RunInfo> predicate, Duration timeout);
}
