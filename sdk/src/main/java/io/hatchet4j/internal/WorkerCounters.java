package io.hatchet4j.internal;

import io.hatchet4j.worker.WorkerStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** A worker's task counts, updated by its executions and read as {@link WorkerStats}. Not public API. */
final class WorkerCounters {
  private final AtomicInteger running = new AtomicInteger();
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder queueWaitNanos = new LongAdder();
  private final LongAdder queueWaitCount = new LongAdder();

  /** A handler starts after waiting {@code queuedNanos} on this worker. */
  void started(int retryCount, long queuedNanos) {
    running.incrementAndGet();
    if (retryCount > 0) {
      retried.increment();
    }
    queueWaitNanos.add(Math.max(0, queuedNanos));
    queueWaitCount.increment();
  }

  /** A handler that {@link #started} ended with this outcome. */
  void ended(Outcome outcome) {
    running.decrementAndGet();
    switch (outcome) {
      case COMPLETED -> completed.increment();
      case FAILED -> failed.increment();
      case CANCELLED -> cancelled.increment();
    }
  }

  WorkerStats snapshot(int slots, int slotsInUse) {
    return new WorkerStats(
        slots,
        slotsInUse,
        running.get(),
        completed.sum(),
        failed.sum(),
        retried.sum(),
        cancelled.sum(),
        Duration.ofNanos(queueWaitNanos.sum()),
        queueWaitCount.sum());
  }

  enum Outcome { COMPLETED, FAILED, CANCELLED }
}
