package io.hatchet4j.engine.internal.runs;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Tasks waiting for a worker, one queue per tenant and action, each ordered by priority (high
 * first) and then arrival. Confined to the scheduler thread.
 */
final class ReadyQueue {
  private static final Comparator<TaskState> ORDER =
      Comparator.<TaskState>comparingInt(t -> -t.run.priority).thenComparingLong(t -> t.queueSequence);

  private record Key(String tenantId, String actionId) {}

  private final Map<Key, TreeSet<TaskState>> queues = new HashMap<>();
  private long nextSequence;

  void add(TaskState task) {
    task.queueSequence = nextSequence++;
    queues.computeIfAbsent(key(task), k -> new TreeSet<>(ORDER)).add(task);
  }

  /** Removes the task if it is queued here; a task held back before this queue (concurrency) is not. */
  void remove(TaskState task) {
    Key key = key(task);
    TreeSet<TaskState> queue = queues.get(key);
    // The order compares priority and sequence only: make sure the one found is this task.
    if (queue != null && queue.ceiling(task) == task && queue.remove(task) && queue.isEmpty()) {
      queues.remove(key);
    }
  }

  /**
   * Offers queued tasks to {@code place} in global priority order. A task {@code place} accepts
   * leaves the queue; the first one it refuses blocks the rest of its action's queue for this pass,
   * as they all need the same kind of worker and must not overtake it.
   */
  void drain(Predicate<TaskState> place) {
    PriorityQueue<TreeSet<TaskState>> heads =
        new PriorityQueue<>(Math.max(1, queues.size()), Comparator.comparing(TreeSet::first, ORDER));
    heads.addAll(queues.values());
    while (!heads.isEmpty()) {
      TreeSet<TaskState> queue = heads.poll();
      TaskState head = queue.first();
      if (!place.test(head)) {
        continue;
      }
      queue.remove(head);
      if (queue.isEmpty()) {
        queues.remove(key(head));
      } else {
        heads.add(queue);
      }
    }
  }

  private static Key key(TaskState task) {
    return new Key(task.tenantId(), task.spec.actionId());
  }
}
