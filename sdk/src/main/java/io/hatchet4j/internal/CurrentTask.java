package io.hatchet4j.internal;

import java.util.Optional;

/**
 * The task attempt running on the current thread, so that runs started from a task's code become
 * its children. Not public API.
 */
final class CurrentTask {
  private static final ThreadLocal<RealTaskContext> CURRENT = new ThreadLocal<>();

  private CurrentTask() {}

  static Optional<RealTaskContext> get() {
    return Optional.ofNullable(CURRENT.get());
  }

  static void set(RealTaskContext context) {
    CURRENT.set(context);
  }

  static void clear() {
    CURRENT.remove();
  }
}
