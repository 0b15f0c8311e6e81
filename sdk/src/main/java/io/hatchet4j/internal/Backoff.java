package io.hatchet4j.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, for reconnecting streams and retrying calls.
 *
 * <p>Thread-safe. Not public API.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private int attempts;

  public Backoff(Duration initial, Duration max) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
  }

  /** The delay before the next attempt: up to twice the previous one, at most the maximum. */
  public synchronized Duration next() {
    long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempts, 20));
    attempts++;
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    return Duration.ofMillis(delay);
  }

  /** How many delays were handed out since the last reset. */
  public synchronized int attempts() {
    return attempts;
  }

  /** Starts again from the initial delay, after a success. */
  public synchronized void reset() {
    attempts = 0;
  }
}
