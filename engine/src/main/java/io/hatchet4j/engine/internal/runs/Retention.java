package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is past the retention period: finished runs and events created longer ago, with
 * their tasks, logs, durable event logs and traces, then gives the space back.
 *
 * <p>Sweeps are housekeeping, paced by the wall clock (a tenth of the retention period, between a
 * second and an hour); the cutoff is the engine's time, so a test on virtual time moves it and
 * calls {@link #sweep()}, and no sweep timer sits among its timers. Each sweep deletes in chunks on
 * the scheduler loop, between other commands. Not public API.
 */
final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  /** Runs and events a sweep step deletes at most before other commands get their turn. */
  private static final int SWEEP_CHUNK = 500;

  private final CommandLoop loop;
  private final Scheduler scheduler;
  private final EngineStore store;
  private final RunListener listener;
  private final EngineTime time;
  private final Duration period;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "hatchet4j-engine-retention");
    thread.setDaemon(true);
    return thread;
  });

  Retention(CommandLoop loop, Scheduler scheduler, EngineStore store, RunListener listener, EngineTime time,
      Duration period) {
    this.loop = loop;
    this.scheduler = scheduler;
    this.store = store;
    this.listener = listener;
    this.time = time;
    this.period = period;
  }

  /** Starts sweeping now and then. */
  void start() {
    long interval = Math.max(1000, Math.min(Duration.ofHours(1).toMillis(), period.toMillis() / 10));
    try {
      pacer.scheduleWithFixedDelay(() -> {
        if (sweeping.compareAndSet(false, true)) {
          sweep().whenComplete((deleted, error) -> sweeping.set(false));
        }
      }, interval, interval, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down.
    }
  }

  /** Sweeps once; completes with how many runs and events it deleted. */
  CompletableFuture<Integer> sweep() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    long cutoff = time.nowMs() - period.toMillis();
    if (!loop.post(() -> step(cutoff, 0, done))) {
      done.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return done;
  }

  void close() {
    pacer.shutdownNow();
  }

  /** Deletes a chunk on the loop; posts the next one behind the commands that came meanwhile. */
  private void step(long cutoffMs, int deletedBefore, CompletableFuture<Integer> done) {
    int deleted;
    try {
      deleted = scheduler.deleteBefore(cutoffMs, SWEEP_CHUNK);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    int total = deletedBefore + deleted;
    if (deleted >= SWEEP_CHUNK && loop.post(() -> step(cutoffMs, total, done))) {
      return;
    }
    try {
      listener.retentionCutoff(cutoffMs);
      if (total > 0) {
        store.reclaimSpace();
        log.info("retention: deleted {} run(s) and event(s) created before {}", total, Instant.ofEpochMilli(cutoffMs));
      }
    } catch (RuntimeException e) {
      log.warn("retention: could not reclaim space", e);
    }
    loop.afterCommit(() -> done.complete(total));
  }
}
