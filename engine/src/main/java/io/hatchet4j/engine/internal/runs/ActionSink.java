package io.hatchet4j.engine.internal.runs;

/**
 * Where the scheduler sends a worker its actions: one open listen stream. Not public API.
 *
 * <p>Called on the scheduler thread, so it must not block.
 */
@FunctionalInterface
public interface ActionSink {
  /** Queues the action for the worker; returns false if the stream is already gone. */
  boolean send(WorkerAction action);
}
