package io.hatchet4j.engine.internal.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts the stream chunks of each task attempt in the order of their {@code event_index} before
 * they reach subscribers, as upstream's dispatcher does.
 *
 * <p>Indexes start at 0 per attempt. A chunk with the next index goes out at once, followed by any
 * buffered ones it unblocks; a chunk ahead of a gap waits for the gap at most {@link #GAP_TIMEOUT}
 * (engine time), after which the buffer goes out in index order and the next chunk seen sets the
 * next expected index (upstream's rule). A chunk without an index, or behind the expected index,
 * passes straight through. A task's terminal event flushes its buffer first.
 *
 * <p>Upstream buffers per subscriber, so a late subscriber there waits out one gap timeout for its
 * first chunk; here the order is kept once for all, so a late subscriber gets the chunks published
 * after it subscribed at once, in the same order. Confined to the scheduler thread.
 */
final class StreamOrder {
  /** Upstream's default {@code streamEventBufferTimeout}. */
  static final Duration GAP_TIMEOUT = Duration.ofSeconds(5);

  private static final class Pending {
    /** The next index to release; -1 after a gap timed out: the next chunk seen sets it. */
    long expected;
    final TreeMap<Long, List<RunEvent>> buffered = new TreeMap<>();
    /** Bumped on every flush, so a timer set before it does nothing. */
    int generation;
    boolean timerSet;
  }

  private final Effects effects;
  private final Consumer<RunEvent> release;
  /** Attempts with chunks seen, by task run id and retry count. */
  private final Map<String, Map<Integer, Pending>> tasks = new HashMap<>();

  StreamOrder(Effects effects, Consumer<RunEvent> release) {
    this.effects = effects;
    this.release = release;
  }

  /** Takes any run event: stream chunks in order, the rest straight through. */
  void offer(RunEvent event) {
    if (event.resource() == RunEvent.Resource.TASK && isTerminal(event.type())) {
      flushTask(event.resourceId());
      release.accept(event);
      return;
    }
    if (event.type() != RunEvent.Type.STREAM || event.eventIndex() == null) {
      release.accept(event);
      return;
    }
    int retryCount = event.retryCount() == null ? 0 : event.retryCount();
    Pending pending = tasks.computeIfAbsent(event.resourceId(), k -> new HashMap<>())
        .computeIfAbsent(retryCount, k -> new Pending());
    long index = event.eventIndex();
    if (pending.expected == -1) {
      pending.expected = index;
    }
    if (index < pending.expected) {
      release.accept(event); // a repeat or a straggler after a timeout: nothing to wait for
      return;
    }
    pending.buffered.computeIfAbsent(index, k -> new ArrayList<>()).add(event);
    while (!pending.buffered.isEmpty() && pending.buffered.firstKey() == pending.expected) {
      pending.buffered.pollFirstEntry().getValue().forEach(release);
      pending.expected++;
    }
    if (!pending.buffered.isEmpty() && !pending.timerSet) {
      pending.timerSet = true;
      int generation = pending.generation;
      effects.schedule(GAP_TIMEOUT, () -> gapTimedOut(pending, generation));
    }
  }

  private void gapTimedOut(Pending pending, int generation) {
    if (pending.generation != generation) {
      return;
    }
    flush(pending);
    pending.expected = -1;
  }

  private void flush(Pending pending) {
    pending.buffered.values().forEach(events -> events.forEach(release));
    pending.buffered.clear();
    pending.generation++;
    pending.timerSet = false;
  }

  /** Releases every buffered chunk of a task's attempts in order and forgets them. */
  private void flushTask(String taskRunId) {
    Map<Integer, Pending> attempts = tasks.remove(taskRunId);
    if (attempts != null) {
      new TreeMap<>(attempts).values().forEach(this::flush);
    }
  }

  private static boolean isTerminal(RunEvent.Type type) {
    return type == RunEvent.Type.COMPLETED || type == RunEvent.Type.FAILED || type == RunEvent.Type.CANCELLED;
  }
}
