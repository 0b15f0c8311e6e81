package io.hatchet4j.engine;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.runs.EngineTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine time that stands still until a test moves it, like the time-skipping test environments
 * of other workflow engines.
 *
 * <p>Give it to an engine with {@link EngineOptions.Builder#setClock(EngineClock)}. Every engine
 * timer then waits for {@link #advance(Duration)} or {@link #advanceTo(Instant)}: schedules, crons,
 * retry backoff, execution and schedule timeouts, durable sleeps and the liveness check of workers
 * that lost their listen stream. Advancing fires the timers that fall due, in the order they fall
 * due, with the clock set to each one's time, and waits after each until the engine has acted on
 * it (committed its changes and sent what it sends to workers and subscribers). Timers that the
 * engine sets for a time within the advance fire in the same call: advancing a day runs a
 * one-minute cron 1440 times.
 *
 * <p>What happens after the engine has acted is up to real threads: an SDK worker runs the task
 * it was sent in its own time, so wait for its result as usual (for example with {@code
 * Runs.await} of the testing kit). An advance does not wait for workers: a task still running when
 * the advance passes its execution timeout times out, as it would had it really run that long.
 *
 * <p>Workers keep their open listen streams across any advance, as with the wall clock: a worker
 * counts as lost only once its stream is gone and the heartbeat timeout has passed on this clock
 * after that. The SDK's heartbeats, gRPC deadlines and the expiry of tokens keep to the wall clock.
 *
 * <p>Compute times from {@link #now()}, not from {@code Instant.now()}: the clock does not move
 * with the wall clock, so a schedule "an hour from the wall clock" lies a little more than an hour
 * ahead of it.
 *
 * <p>Thread-safe; one advance runs at a time, others wait for it. Do not advance from the engine's
 * own threads (listeners), which the advance waits for.
 *
 * @since 0.1.0
 */
public final class VirtualClock extends EngineClock {
  private static final Logger log = LoggerFactory.getLogger(VirtualClock.class);
  /** How long an advance waits for one engine to act on a timer before giving up. */
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private final Object lock = new Object();
  private final ReentrantLock advancing = new ReentrantLock(true);
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparingLong(Timer::dueMs).thenComparingLong(Timer::sequence));
  private final List<EngineTimers> engines = new ArrayList<>();
  private final Time time = new Time();
  private volatile long nowMs;
  private long sequence;

  VirtualClock(Instant start) {
    this.nowMs = requireNonNull(start, "start").toEpochMilli();
  }

  @Override
  public Instant now() {
    return Instant.ofEpochMilli(nowMs);
  }

  /**
   * Moves the clock forward by {@code duration}, firing every timer that falls due on the way, and
   * returns once the engines on this clock have acted on them. {@code advance(Duration.ZERO)}
   * just waits until the engines have acted on everything posted so far.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if an engine does not act on a timer within 30 seconds
   */
  public void advance(Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative duration: " + duration);
    }
    advancing.lock();
    try {
      advanceToMs(Math.addExact(nowMs, duration.toMillis()));
    } finally {
      advancing.unlock();
    }
  }

  /**
   * Moves the clock forward to {@code instant}, as {@link #advance(Duration)} does.
   *
   * @throws IllegalArgumentException if {@code instant} is before {@link #now()}
   */
  public void advanceTo(Instant instant) {
    requireNonNull(instant, "instant");
    advancing.lock();
    try {
      long target = instant.toEpochMilli();
      if (target < nowMs) {
        throw new IllegalArgumentException("cannot go back in time from " + now() + " to " + instant);
      }
      advanceToMs(target);
    } finally {
      advancing.unlock();
    }
  }

  /**
   * When the earliest pending timer falls due, if any. Engine timers include internal ones (worker
   * liveness checks, schedule timeouts of queued tasks), so this says when something may happen,
   * not that it will.
   */
  public Optional<Instant> nextTimer() {
    synchronized (lock) {
      Timer next = timers.peek();
      return next == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next.dueMs()));
    }
  }

  /**
   * When the pending timers fall due, soonest first. A test can wait for a timer the engine sets
   * in answer to a worker (a durable sleep, a retry's backoff) to appear here before it advances,
   * since the engine reckons the timer from the time it hears about it.
   */
  public List<Instant> pendingTimers() {
    synchronized (lock) {
      return timers.stream().sorted(timers.comparator()).map(t -> Instant.ofEpochMilli(t.dueMs())).toList();
    }
  }

  @Override
  EngineTime time() {
    return time;
  }

  @Override
  public String toString() {
    return "VirtualClock{now=" + now() + '}';
  }

  private void advanceToMs(long target) {
    settleAll();
    while (true) {
      Timer due;
      synchronized (lock) {
        due = timers.peek();
        if (due == null || due.dueMs() > target) {
          nowMs = Math.max(nowMs, target);
          break;
        }
        timers.poll();
        nowMs = Math.max(nowMs, due.dueMs());
      }
      run(due.action());
      settleAll();
    }
    settleAll();
  }

  /** Waits until every engine on this clock has acted on what was posted to it so far. */
  private void settleAll() {
    List<EngineTimers> open;
    synchronized (lock) {
      open = List.copyOf(engines);
    }
    for (EngineTimers engine : open) {
      engine.settle();
    }
  }

  private static void run(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.error("engine timer failed", e);
    }
  }

  private record Timer(long dueMs, long sequence, EngineTimers owner, Runnable action) {}

  private final class Time implements EngineTime {
    @Override
    public long nowMs() {
      return nowMs;
    }

    @Override
    public Timers open(Supplier<CompletableFuture<Void>> settled) {
      EngineTimers opened = new EngineTimers(settled);
      synchronized (lock) {
        engines.add(opened);
      }
      return opened;
    }
  }

  /** One engine's timers on this clock. */
  private final class EngineTimers implements EngineTime.Timers {
    private final Supplier<CompletableFuture<Void>> settled;
    private boolean closed; // guarded by lock

    EngineTimers(Supplier<CompletableFuture<Void>> settled) {
      this.settled = settled;
    }

    @Override
    public void schedule(Duration delay, Runnable action) {
      requireNonNull(action, "action");
      long delayMs = Math.max(0, delay.toMillis());
      synchronized (lock) {
        if (closed) {
          return;
        }
        if (delayMs > 0) {
          timers.add(new Timer(Math.addExact(nowMs, delayMs), sequence++, this, action));
          return;
        }
      }
      // Due now: no need to wait for the clock to move.
      run(action);
    }

    @Override
    public void close() {
      synchronized (lock) {
        closed = true;
        engines.remove(this);
        timers.removeIf(t -> t.owner() == this);
      }
    }

    void settle() {
      @Nullable CompletableFuture<Void> done;
      synchronized (lock) {
        done = closed ? null : settled.get();
      }
      if (done == null) {
        return;
      }
      try {
        done.get(SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the engine to act on its timers", e);
      } catch (ExecutionException e) {
        // The engine is shutting down: its timers no longer matter.
      } catch (TimeoutException e) {
        throw new IllegalStateException("the engine did not act on its timers within " + SETTLE_TIMEOUT, e);
      }
    }
  }
}
