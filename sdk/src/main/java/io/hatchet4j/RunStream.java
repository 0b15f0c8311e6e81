package io.hatchet4j;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A subscription to the chunks a run's tasks stream, from {@link Hatchet#stream(String)}: a blocking
 * {@link Iterable} that ends when the run ends.
 *
 * <pre>{@code
 * RunRef<Report> ref = hatchet.runNoWait(REPORT, input);
 * try (RunStream stream = hatchet.stream(ref.runId())) {
 *   for (StreamChunk chunk : stream) {
 *     System.out.print(chunk.text());
 *   }
 * }
 * }</pre>
 *
 * <p>Chunks come in the order each task put them (the engine orders them by index); chunks of
 * different tasks interleave as they were put. Only chunks put after the subscription starts are
 * seen: the engine keeps no history, as upstream. Subscribing to a run that has already ended gives
 * an empty stream.
 *
 * <p>The iterator's {@code hasNext()} blocks until the next chunk arrives or the run ends; it
 * throws {@link HatchetException} if the subscription fails (an unknown run is {@link
 * EngineException} {@code NOT_FOUND}) or the waiting thread is interrupted (with its interrupt
 * status set again). Chunks are fetched from the engine as they are read, so a slow reader slows
 * the subscription, not memory. {@link #close()} ends the subscription early; iterate from one
 * thread.
 */
public interface RunStream extends Iterable<StreamChunk>, AutoCloseable {

  /** The workflow run this stream follows. */
  String runId();

  /**
   * The chunks, as they come. There is one iterator per subscription: every call returns the same
   * one.
   */
  @Override
  Iterator<StreamChunk> iterator();

  /** The chunks as a sequential {@link Stream}; closing it closes this subscription. */
  default Stream<StreamChunk> chunks() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  /** Ends the subscription; an iterator blocked in {@code hasNext()} returns false. Idempotent. */
  @Override
  void close();
}
