package io.hatchet4j.testing.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads the engine until a condition holds or a deadline passes. */
final class Polling {
  /** Short, since reads are in-process and a test is waiting on them. */
  private static final long INTERVAL_MILLIS = 20;

  private Polling() {}

  /**
   * Reads until {@code done} accepts what was read and returns that, reading at least once.
   *
   * @param failure what the error says about the last value read when time is up
   * @throws AssertionError when {@code timeout} has passed first
   */
  static <T> T until(Duration timeout, Supplier<T> read, Predicate<? super T> done,
      Function<? super T, String> failure) {
    long deadline = System.nanoTime() + checked(timeout).toNanos();
    while (true) {
      T value = read.get();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(failure.apply(value));
      }
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting; " + failure.apply(value), e);
      }
    }
  }

  /** "10s" or "250ms", for messages. */
  static String text(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static Duration checked(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    return timeout;
  }
}
