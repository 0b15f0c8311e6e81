package io.hatchet4j.features;

import io.hatchet4j.RunRef;
import io.hatchet4j.RunStatus;
import io.hatchet4j.workflow.Workflow;
import java.util.List;

/**
 * The tenant's workflow runs: list, read, cancel and replay; from {@link io.hatchet4j.Hatchet#runs()}.
 *
 * <p>Thread-safe; calls block. Ids are workflow run ids or task run ids, as the engine accepts
 * both.
 *
 * <pre>{@code
 * for (TaskSummary run : hatchet.runs().list(RunFilter.builder().addStatus(RunStatus.FAILED).build())) {
 *   hatchet.runs().replay(run.workflowRunId());
 * }
 * }</pre>
 */
public interface Runs {

  /** The runs the filter selects, newest first, one row per run (or per task), fetched page by page. */
  Paged<TaskSummary> list(RunFilter filter);

  /** The runs of the last {@link RunFilter#DEFAULT_WINDOW}. */
  default Paged<TaskSummary> list() {
    return list(RunFilter.recent());
  }

  /** The ids of the runs the filter selects (since, until, statuses, workflows and metadata). */
  List<String> ids(RunFilter filter);

  /**
   * A workflow run with its tasks.
   *
   * @throws io.hatchet4j.EngineException NOT_FOUND for an unknown run
   */
  RunDetails get(String runId);

  /** A workflow run's status. */
  RunStatus status(String runId);

  /** One task run. */
  TaskSummary task(String taskRunId);

  /**
   * Cancels runs: their running tasks are cancelled on their workers and the runs end cancelled.
   * Returns the task run ids the engine cancelled.
   */
  List<String> cancel(List<String> runIds);

  /** {@link #cancel(List)} of the given ids. */
  default List<String> cancel(String... runIds) {
    return cancel(List.of(runIds));
  }

  /**
   * Cancels the unfinished runs the filter selects; returns the task run ids cancelled.
   *
   * @throws IllegalArgumentException if the filter uses a listing-only criterion
   */
  List<String> cancel(RunFilter filter);

  /**
   * Runs finished runs (or single tasks) again: their failed and cancelled tasks, and what depends
   * on them, are queued again. Returns the task run ids the engine queued.
   */
  List<String> replay(List<String> runIds);

  /** {@link #replay(List)} of the given ids. */
  default List<String> replay(String... runIds) {
    return replay(List.of(runIds));
  }

  /**
   * Replays the finished runs the filter selects; returns the task run ids queued again.
   *
   * @throws IllegalArgumentException if the filter uses a listing-only criterion
   */
  List<String> replay(RunFilter filter);

  /** A reference to a run started elsewhere, whose result converts as {@code workflow}'s. */
  <O> RunRef<O> ref(String runId, Workflow<?, O> workflow);
}
