package io.hatchet4j.workflow;

import io.hatchet4j.BulkRun;
import io.hatchet4j.LogLevel;
import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a running task knows about its run, and what it can ask of the engine.
 *
 * <p>One context per attempt, valid while the handler runs; safe to use from threads the handler
 * starts.
 *
 * <h2>Cancellation</h2>
 *
 * <p>A run cancelled by a client or by the engine (for example when the task exceeds its execution
 * timeout) reaches the task three ways, use whichever fits: {@link #isCancelled()} turns true; the
 * callbacks given to {@link #onCancel(Runnable)} run; and the thread running the handler is
 * interrupted, so blocking calls throw {@link InterruptedException}. Whatever the handler then
 * returns or throws is discarded: the run ends as cancelled, not failed.
 */
public interface TaskContext {

  /** The id of the workflow run this task belongs to. */
  String workflowRunId();

  /** The id of this task run, the same across its retries. */
  String taskRunId();

  /** The name of the workflow, without the namespace. */
  String workflowName();

  /** The name of this task. */
  String taskName();

  /** The id of the worker running this attempt. */
  String workerId();

  /**
   * The worker running this attempt, whose labels the task may change.
   *
   * @throws UnsupportedOperationException if this context runs outside a worker
   */
  default WorkerContext worker() {
    throw new UnsupportedOperationException("this task context has no worker");
  }

  /** How many attempts of this task ran before this one: 0 on the first attempt. */
  int retryCount();

  /** The run's additional metadata, as given by the trigger (and trace context, when traced). */
  Map<String, String> additionalMetadata();

  /**
   * The output of a parent task in this workflow, converted to its output type.
   *
   * @throws IllegalArgumentException if {@code parent} is not a parent of this task
   * @throws IllegalStateException if {@code parent} was skipped (see {@link #wasSkipped})
   */
  <P> P parentOutput(Task<?, P> parent);

  /** The output of the parent named {@code parentName}, converted to {@code type}. */
  <P> P parentOutput(String parentName, Class<P> type);

  /**
   * Whether the parent task was skipped by its {@link Task.Builder#skipIf} conditions (or because
   * all its own parents were): it did not run and its output is {@code {"skipped": true}}.
   *
   * @throws IllegalArgumentException if {@code parent} is not a parent of this task
   */
  boolean wasSkipped(Task<?, ?> parent);

  /**
   * In an {@linkplain Workflow.Builder#onFailure on-failure task}: the errors of the run's failed
   * tasks, by task name, as their workers reported them. Empty in other tasks.
   */
  Map<String, String> taskRunErrors();

  /**
   * Runs {@code workflow} as a child of this task and waits for its result.
   *
   * <p>The child records this task as its parent, inherits the run's additional metadata (under
   * the options' own), and gets the next child index of this attempt; with a {@linkplain
   * TriggerOptions#key() key}, spawning again with the same key returns the existing child. Calling
   * {@link io.hatchet4j.Hatchet#run} on the task's thread does the same.
   *
   * @throws IllegalStateException once the task has finished
   */
  <I, O> O runChild(Workflow<I, O> workflow, I input, TriggerOptions options);

  /** {@link #runChild(Workflow, Object, TriggerOptions)} with default options. */
  default <I, O> O runChild(Workflow<I, O> workflow, I input) {
    return runChild(workflow, input, TriggerOptions.defaults());
  }

  /** Starts {@code workflow} as a child of this task without waiting for it. */
  <I, O> RunRef<O> runChildNoWait(Workflow<I, O> workflow, I input, TriggerOptions options);

  /** Starts many children of this task in bulk, returning their references in order. */
  <I, O> List<RunRef<O>> runChildrenNoWait(Workflow<I, O> workflow, List<BulkRun<I>> runs);

  /** Whether the run was cancelled. */
  boolean isCancelled();

  /**
   * Runs {@code callback} when the run is cancelled, or at once if it already was.
   *
   * <p>The callback runs on the worker's listener thread: keep it short and non-blocking.
   */
  void onCancel(Runnable callback);

  /**
   * Writes a line to the task run's log at level {@link LogLevel#INFO}, as the official SDKs'
   * {@code ctx.log} does; see {@link #log(LogLevel, String)}.
   */
  default void log(String message) {
    log(LogLevel.INFO, message);
  }

  /**
   * Writes a line to the task run's log, stored by the engine with its level and this attempt's
   * retry count, shown with the run and read back with {@link io.hatchet4j.Hatchet#logs()}.
   *
   * <p>Returns at once: the line is sent in the background and a failure to store it never fails
   * the task. Lines over 10,000 characters are cut to that length (the engine's limit); empty
   * lines are not sent. To capture the application's SLF4J logging as well, install {@link
   * io.hatchet4j.logging.TaskLogAppender}.
   */
  void log(LogLevel level, String message);

  /**
   * Puts a chunk on the run's stream, for clients subscribed with {@link
   * io.hatchet4j.Hatchet#stream(String)} (or an official SDK's {@code subscribe_to_stream}).
   *
   * <p>Chunks are numbered per attempt (0, 1, ...), and subscribers get them in that order.
   * Blocks until the engine has the chunk, so a task that streams faster than the engine takes is
   * slowed rather than buffered. A chunk the engine does not take is logged, not thrown: streaming
   * never fails the task (as in the official SDKs). Subscribers only see chunks put after they
   * subscribed.
   */
  void putStream(String chunk);

  /** {@link #putStream(String)} for bytes, which the engine carries as UTF-8 text. */
  void putStream(byte[] chunk);

  /**
   * Extends this attempt's execution timeout by {@code increment} (whole seconds): the deadline
   * moves {@code increment} later, as upstream adds it to the current deadline.
   */
  void refreshTimeout(Duration increment);

  /**
   * Gives this task's worker slot back to the engine while the task keeps running, so the worker
   * can take other work (for example while it waits on something slow).
   */
  void releaseSlot();
}
