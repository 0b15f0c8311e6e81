package io.hatchet4j.engine.internal.runs;

import java.time.Duration;

/** What state changes need from the scheduler loop: the time, deferred work and timers. */
interface Effects {
  /** The current time in epoch milliseconds. */
  long nowMs();

  /** Runs {@code action} on the scheduler thread once this batch of changes is committed. */
  void afterCommit(Runnable action);

  /** Runs {@code command} on the scheduler thread after {@code delay}. */
  void schedule(Duration delay, Runnable command);

  /** Asks for an assignment pass at the end of this batch. */
  void requestAssignment();
}
