package io.hatchet4j.engine.internal.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * {@link Effects} for unit tests of the scheduler's parts: a clock that moves only when the test
 * says, timers that fire in due order as it moves, and after-commit work that runs when the test
 * commits.
 */
final class FakeEffects implements Effects {
  private record Timer(long dueMs, long sequence, Runnable command) {}

  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparingLong(Timer::dueMs).thenComparingLong(Timer::sequence));
  private final List<Runnable> afterCommit = new ArrayList<>();
  private long nowMs = 1_000_000;
  private long sequence;
  boolean assignmentRequested;

  @Override
  public long nowMs() {
    return nowMs;
  }

  @Override
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  @Override
  public void schedule(Duration delay, Runnable command) {
    timers.add(new Timer(nowMs + Math.max(0, delay.toMillis()), sequence++, command));
  }

  @Override
  public void requestAssignment() {
    assignmentRequested = true;
  }

  /** Runs the after-commit work collected so far, as the loop does after a commit. */
  void commit() {
    while (!afterCommit.isEmpty()) {
      List<Runnable> work = new ArrayList<>(afterCommit);
      afterCommit.clear();
      work.forEach(Runnable::run);
    }
  }

  /** Moves the clock, firing every timer that falls due on the way, each at its own time. */
  void advance(Duration by) {
    long until = nowMs + by.toMillis();
    while (!timers.isEmpty() && timers.peek().dueMs() <= until) {
      Timer timer = timers.poll();
      nowMs = Math.max(nowMs, timer.dueMs());
      timer.command().run();
    }
    nowMs = until;
  }

  int pendingTimers() {
    return timers.size();
  }
}
