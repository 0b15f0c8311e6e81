package io.hatchet4j.engine.internal.runs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The engine's clock and timers, as the orchestrator sees them. Not public API: engines get one
 * from their {@code EngineClock}, the system's or a virtual one that tests move by hand.
 *
 * <p>Thread-safe.
 */
public interface EngineTime {

  /** The current time in epoch milliseconds. */
  long nowMs();

  /**
   * Opens the timers of one orchestrator.
   *
   * @param settled completes once the orchestrator has run every command posted before the call,
   *     committed them and run their after-commit effects; a virtual clock waits on it after firing
   *     a timer, so that advancing time returns only when the engine has acted on it
   */
  Timers open(Supplier<CompletableFuture<Void>> settled);

  /** One orchestrator's timers. */
  interface Timers {
    /**
     * Runs {@code action} once {@code delay} has passed on this clock, on a thread of the clock's
     * choosing; actions must be quick and thread-safe (the orchestrator's only post a command).
     * A delay of zero or less runs it as soon as possible, without waiting for time to move.
     */
    void schedule(Duration delay, Runnable action);

    /** Drops every pending timer; later {@link #schedule} calls are ignored. Idempotent. */
    void close();
  }
}
