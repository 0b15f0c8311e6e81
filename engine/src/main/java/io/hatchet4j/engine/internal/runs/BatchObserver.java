package io.hatchet4j.engine.internal.runs;

/**
 * Hears about each batch of the scheduler loop once its effects ran, on the loop's thread: how
 * many commands it ran, whether it ended with an assignment pass, and when each phase began. For
 * the engine's own traces, one record per batch, never per task. Must be quick and not throw.
 *
 * <p>Not public API.
 */
@FunctionalInterface
public interface BatchObserver {
  /** Hears nothing. */
  BatchObserver NONE = batch -> {};

  void batchDone(Batch batch);

  /**
   * One batch; times are {@link System#nanoTime()} readings: commands from {@code startNanos},
   * the assignment pass (if any) from {@code assignNanos}, the commit from {@code commitNanos},
   * the after-commit effects (messages to workers) from {@code effectsNanos} until {@code endNanos}.
   */
  record Batch(int commands, boolean assigned, long startNanos, long assignNanos, long commitNanos,
      long effectsNanos, long endNanos) {}
}
