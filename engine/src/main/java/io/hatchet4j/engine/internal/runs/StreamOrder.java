package io.hatchet4j.engine.internal.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * passes straight through.
 *
 * <p>A task that ends while some of its chunks wait for a gap has its end (and the run's later
 * events, such as the final one that ends subscriptions) held back until the gap fills or times
 * out: SDKs that do not wait for a chunk to be taken (TypeScript's {@code putStream}) can report the
 * task finished before its last chunks arrive, and upstream's slower path to the run's final event
 * gives them that time.
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

  /** A run's events held back behind the ends of tasks whose chunks wait for a gap. */
  private static final class Held {
    final Set<String> tasks = new HashSet<>();
    final List<RunEvent> events = new ArrayList<>();
  }

  private final Effects effects;
  private final Consumer<RunEvent> release;
  /** Attempts with chunks seen, by task run id and retry count. */
  private final Map<String, Map<Integer, Pending>> tasks = new HashMap<>();
  private final Map<String, Held> held = new HashMap<>();

  StreamOrder(Effects effects, Consumer<RunEvent> release) {
    this.effects = effects;
    this.release = release;
  }

  /** Takes any run event: stream chunks in order, the rest straight through unless held back. */
  void offer(RunEvent event) {
    boolean chunk = event.resource() == RunEvent.Resource.TASK && event.type() == RunEvent.Type.STREAM;
    Held hold = held.get(event.workflowRunId());
    if (!chunk && hold != null) {
      hold.events.add(event);
      return;
    }
    if (event.resource() == RunEvent.Resource.TASK && isTerminal(event.type())) {
      if (waitsForGap(event.resourceId())) {
        Held newHold = held.computeIfAbsent(event.workflowRunId(), k -> new Held());
        newHold.tasks.add(event.resourceId());
        newHold.events.add(event);
        return;
      }
      tasks.remove(event.resourceId());
      release.accept(event);
      return;
    }
    if (!chunk || event.eventIndex() == null) {
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
      effects.schedule(GAP_TIMEOUT, () -> gapTimedOut(event, pending, generation));
    }
    releaseHeld(event.workflowRunId(), event.resourceId());
  }

  private void gapTimedOut(RunEvent chunk, Pending pending, int generation) {
    if (pending.generation != generation) {
      return;
    }
    flush(pending);
    pending.expected = -1;
    releaseHeld(chunk.workflowRunId(), chunk.resourceId());
  }

  private void flush(Pending pending) {
    pending.buffered.values().forEach(events -> events.forEach(release));
    pending.buffered.clear();
    pending.generation++;
    pending.timerSet = false;
  }

  private boolean waitsForGap(String taskRunId) {
    Map<Integer, Pending> attempts = tasks.get(taskRunId);
    return attempts != null && attempts.values().stream().anyMatch(p -> !p.buffered.isEmpty());
  }

  /**
   * Once the ended task no longer waits for a gap, lets the run's held events go, in order, each
   * offered again (a later task end may hold the rest once more).
   */
  private void releaseHeld(String runId, String taskRunId) {
    Held hold = held.get(runId);
    if (hold == null || !hold.tasks.contains(taskRunId) || waitsForGap(taskRunId)) {
      return;
    }
    hold.tasks.remove(taskRunId);
    tasks.remove(taskRunId);
    if (hold.tasks.isEmpty()) {
      held.remove(runId);
      RunEvent first = hold.events.get(0);
      // The first held event is the end that started the hold: it goes out as it is.
      release.accept(first);
      hold.events.subList(1, hold.events.size()).forEach(this::offer);
    }
  }

  private static boolean isTerminal(RunEvent.Type type) {
    return type == RunEvent.Type.COMPLETED || type == RunEvent.Type.FAILED || type == RunEvent.Type.CANCELLED;
  }
}
