package io.hatchet4j.engine.internal.runs;

import javax.annotation.Nullable;

/**
 * One rule a queued task must pass on its way to a worker: the seam where concurrency limits,
 * rate limits and worker affinity plug into {@link Assignment}. Confined to the scheduler thread.
 *
 * <p>For each queued task, in priority order, assignment asks every gate {@link #admits(TaskState)}
 * first; then it picks a worker among those every gate {@link #accepts(TaskState, WorkerState)
 * accepts}; then it tells every gate {@link #assigned}. When the task leaves its worker (finished,
 * failed, cancelled, lost or slot released) every gate hears {@link #released}. A task refused by a
 * gate stays queued and holds back the tasks behind it in its queue for this pass.
 *
 * <p>The engine's own gate is {@link RateLimits}; the defaults admit everything.
 */
interface AssignmentGate {
  /**
   * Called once when the task is created, before it is first queued (upstream evaluates a task's
   * keys then): returns why the task fails at creation, or null. A task that fails here is never
   * queued.
   */
  @Nullable
  default String prepare(TaskState task) {
    return null;
  }

  /** Whether the task may be assigned now at all (a concurrency or rate limit would say no). */
  default boolean admits(TaskState task) {
    return true;
  }

  /** Whether the task may go to this worker (worker affinity would filter here). */
  default boolean accepts(TaskState task, WorkerState worker) {
    return true;
  }

  /** The task was assigned to the worker. */
  default void assigned(TaskState task, WorkerState worker) {}

  /** The task gave back what it took when it was assigned. */
  default void released(TaskState task) {}
}
