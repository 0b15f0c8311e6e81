package io.hatchet4j;

/**
 * How strongly a workflow's tasks stay on one worker: the worker that ran a task's parent, or for a
 * {@linkplain TriggerOptions.Builder#setSticky sticky child} the worker of the task that spawned it.
 */
public enum StickyStrategy {
  /** Prefer that worker; take another if it has no free slot. */
  SOFT,
  /** Only that worker: the task waits for it (until its schedule timeout). */
  HARD
}
