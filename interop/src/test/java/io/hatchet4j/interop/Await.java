package io.hatchet4j.interop;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls for a condition with a deadline: the tests wait for states, never for fixed times. */
final class Await {
  static final Duration DEFAULT = Duration.ofSeconds(30);

  private Await() {}

  /** Polls {@code probe} every 50 ms until it yields a value; fails with {@code what} at the deadline. */
  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static <T> T until(String what, Supplier<Optional<T>> probe) {
    return until(what, DEFAULT, probe);
  }
}
