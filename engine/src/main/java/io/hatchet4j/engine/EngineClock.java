package io.hatchet4j.engine;

import io.hatchet4j.engine.internal.runs.EngineTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The time an engine runs on: the clock it stamps runs, tasks and events with, and the timers
 * behind schedules, crons, retry backoff, execution and schedule timeouts, durable sleeps and
 * worker liveness.
 *
 * <p>Engines use {@link #system()} unless their {@link EngineOptions} name another. A {@link
 * VirtualClock} stands still until a test moves it, firing the timers that fall due as it goes:
 *
 * <pre>{@code
 * VirtualClock clock = EngineClock.virtual();
 * try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setClock(clock).build())) {
 *   // ... schedule a run an hour from clock.now() ...
 *   clock.advance(Duration.ofHours(1)); // the schedule fires; returns once the engine has acted on it
 * }
 * }</pre>
 *
 * <p>Only the engine's time is virtual: SDK workers, gRPC deadlines, heartbeat intervals and the
 * expiry of tokens keep to the wall clock. Thread-safe. Cannot be implemented outside this package.
 *
 * @since 0.1.0
 */
public abstract class EngineClock {
  private static final EngineClock SYSTEM = new SystemClock();

  EngineClock() {}

  /** The wall clock and real timers, the default. */
  public static EngineClock system() {
    return SYSTEM;
  }

  /** A new virtual clock standing at the current wall time, to the millisecond. */
  public static VirtualClock virtual() {
    return new VirtualClock(Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  /** A new virtual clock standing at {@code start}, truncated to the millisecond. */
  public static VirtualClock virtual(Instant start) {
    return new VirtualClock(start);
  }

  /** What time it is for the engine. */
  public abstract Instant now();

  /** The clock and timers as the engine's internals use them. */
  abstract EngineTime time();

  private static final class SystemClock extends EngineClock implements EngineTime {
    @Override
    public Instant now() {
      return Instant.ofEpochMilli(nowMs());
    }

    @Override
    EngineTime time() {
      return this;
    }

    @Override
    public long nowMs() {
      return System.currentTimeMillis();
    }

    @Override
    public Timers open(Supplier<CompletableFuture<Void>> settled) {
      ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hatchet4j-engine-timers");
        thread.setDaemon(true);
        return thread;
      });
      return new Timers() {
        @Override
        public void schedule(Duration delay, Runnable action) {
          try {
            executor.schedule(action, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException e) {
            // Closed: timers no longer matter.
          }
        }

        @Override
        public void close() {
          executor.shutdownNow();
        }
      };
    }

    @Override
    public String toString() {
      return "EngineClock.system()";
    }
  }
}
