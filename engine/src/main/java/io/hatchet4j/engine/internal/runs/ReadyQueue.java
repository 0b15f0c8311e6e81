package io.hatchet4j.engine.internal.runs;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Tasks waiting for a worker, one queue per tenant and action, each ordered by priority (high
 * first, immediate retries ahead of every user priority as upstream) and then arrival, plus the
 * tasks a rate limit parked until its refill. Confined to the scheduler thread.
 */
final class ReadyQueue {
  private static final Comparator<TaskState> ORDER =
      Comparator.<TaskState>comparingInt(t -> -t.queuePriority).thenComparingLong(t -> t.queueSequence);

  /** What became of a task offered to a worker. */
  enum Placement {
    /** It went to a worker and leaves the queue. */
    PLACED,
    /** It stays, for a reason of its own (rate limit, labels, sticky worker): the next may go. */
    SKIPPED,
    /** It stays, and so do the tasks behind it in its queue, which need the same kind of worker. */
    BLOCKED,
    /**
     * It waits out of its queue until {@link TaskState#parkedUntilMs} (a rate limit's refill), as
     * upstream parks rate-limited items, so that passes do not go over it again and again.
     */
    PARKED
  }

  /** A queue and the task in it offered next. */
  private record Cursor(TreeSet<TaskState> queue, TaskState at) {}

  private record Key(String tenantId, String actionId) {}

  private final Map<Key, TreeSet<TaskState>> queues = new HashMap<>();
  /** Parked tasks by the time they return to their queue. */
  private final TreeMap<Long, Set<TaskState>> parked = new TreeMap<>();
  private long nextSequence;

  /** Queues the task behind those of its priority; {@code priority} 4 is for retries, ahead of all. */
  void add(TaskState task, int priority) {
    task.queuePriority = priority;
    task.queueSequence = nextSequence++;
    task.parkedUntilMs = 0;
    queues.computeIfAbsent(key(task), k -> new TreeSet<>(ORDER)).add(task);
  }

  /** Removes the task if it is queued here; a task held back before this queue (concurrency) is not. */
  void remove(TaskState task) {
    if (task.parkedUntilMs != 0) {
      Set<TaskState> due = parked.get(task.parkedUntilMs);
      if (due != null && due.remove(task) && due.isEmpty()) {
        parked.remove(task.parkedUntilMs);
      }
      task.parkedUntilMs = 0;
      return;
    }
    Key key = key(task);
    TreeSet<TaskState> queue = queues.get(key);
    // The order compares priority and sequence only: make sure the one found is this task.
    if (queue != null && queue.ceiling(task) == task && queue.remove(task) && queue.isEmpty()) {
      queues.remove(key);
    }
  }

  /**
   * Offers queued tasks to {@code place} in global priority order. A placed task leaves the queue;
   * a skipped one stays and the next of its queue is offered; a blocked one stops its action's
   * queue for this pass, as the tasks behind it need the same kind of worker and must not overtake it.
   */
  void drain(long nowMs, Function<TaskState, Placement> place) {
    unpark(nowMs);
    PriorityQueue<Cursor> heads =
        new PriorityQueue<>(Math.max(1, queues.size()), Comparator.comparing(Cursor::at, ORDER));
    for (TreeSet<TaskState> queue : queues.values()) {
      heads.add(new Cursor(queue, queue.first()));
    }
    while (!heads.isEmpty()) {
      Cursor cursor = heads.poll();
      TaskState task = cursor.at();
      Placement placement = place.apply(task);
      if (placement == Placement.BLOCKED) {
        continue;
      }
      TaskState next = cursor.queue().higher(task);
      if (placement == Placement.PLACED || placement == Placement.PARKED) {
        cursor.queue().remove(task);
        if (cursor.queue().isEmpty()) {
          queues.remove(key(task));
        }
      }
      if (placement == Placement.PARKED) {
        parked.computeIfAbsent(task.parkedUntilMs, at -> new LinkedHashSet<>()).add(task);
      }
      if (next != null) {
        heads.add(new Cursor(cursor.queue(), next));
      }
    }
  }

  /** Puts the tasks whose parking time has come back in their queues, in their old places. */
  private void unpark(long nowMs) {
    while (!parked.isEmpty() && parked.firstKey() <= nowMs) {
      for (TaskState task : parked.pollFirstEntry().getValue()) {
        task.parkedUntilMs = 0;
        queues.computeIfAbsent(key(task), k -> new TreeSet<>(ORDER)).add(task);
      }
    }
  }

  private static Key key(TaskState task) {
    return new Key(task.tenantId(), task.spec.actionId());
  }
}
