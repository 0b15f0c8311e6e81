package io.hatchet4j.engine.internal.runs;

/**
 * One open durable task stream of a worker, where the engine sends acks and completions. Not public
 * API.
 *
 * <p>Called on the scheduler thread, so it must not block.
 */
@FunctionalInterface
public interface DurableSink {
  /** Queues the message; returns false if the stream is already gone. */
  boolean send(DurableMessage message);
}
