package io.hatchet4j.engine.internal.runs;

/** Stops a watch or subscription; closing twice is harmless. Not public API. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
