package io.hatchet4j.engine.internal.runs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * The places under one concurrency strategy for one key: the slots admitted (their tasks may go to
 * workers) and the slots waiting, and upstream's decision for its strategy. Confined to the
 * scheduler thread.
 *
 * <p>Upstream's orders: "oldest first" is higher priority first, then earlier creation; "newest
 * first" (CANCEL_IN_PROGRESS only) is higher priority first, then later creation.
 */
final class ConcurrencyGroup {
  /** A place in a group, held by one task or, for a strategy that counts runs, by one run. */
  static final class Slot {
    final ConcurrencyGroup group;
    @Nullable final TaskState task;
    final RunState run;
    final int priority;
    final long createdAtMs;
    final long sequence;
    /** For a run's slot: the run's tasks waiting for it. */
    final List<TaskState> waitingTasks = new ArrayList<>();
    boolean admitted;

    Slot(ConcurrencyGroup group, @Nullable TaskState task, RunState run, int priority, long createdAtMs, long sequence) {
      this.group = group;
      this.task = task;
      this.run = run;
      this.priority = priority;
      this.createdAtMs = createdAtMs;
      this.sequence = sequence;
    }
  }

  /** What a decision changed: slots to let through, and slots whose tasks or runs must be cancelled. */
  record Decision(List<Slot> admitted, List<Slot> cancelled) {}

  private static final Comparator<Slot> OLDEST_FIRST = Comparator.<Slot>comparingInt(s -> -s.priority)
      .thenComparingLong(s -> s.createdAtMs).thenComparingLong(s -> s.sequence);
  private static final Comparator<Slot> NEWEST_FIRST = Comparator.<Slot>comparingInt(s -> -s.priority)
      .thenComparing(Comparator.<Slot>comparingLong(s -> s.createdAtMs).thenComparingLong(s -> s.sequence).reversed());

  final GroupKey key;
  final ConcurrencyPlan.Stage stage;
  private final Comparator<Slot> order;
  private final TreeSet<Slot> waiting;
  private final TreeSet<Slot> admitted;
  /** Whether the group is in the queue of groups to decide. */
  boolean dirty;

  /** A group's identity: the strategy and the evaluated key. */
  record GroupKey(String strategyId, String key) {}

  ConcurrencyGroup(GroupKey key, ConcurrencyPlan.Stage stage) {
    this.key = key;
    this.stage = stage;
    this.order = stage.kind() == ConcurrencyPlan.Kind.CANCEL_IN_PROGRESS ? NEWEST_FIRST : OLDEST_FIRST;
    this.waiting = new TreeSet<>(order);
    this.admitted = new TreeSet<>(order);
  }

  void enter(Slot slot) {
    waiting.add(slot);
  }

  /** Takes back a slot admitted before a restart, without a decision: its task already had its place. */
  void restore(Slot slot) {
    slot.admitted = true;
    admitted.add(slot);
  }

  /** Removes a slot, waiting or admitted; returns whether it was there. */
  boolean remove(Slot slot) {
    return slot.admitted ? admitted.remove(slot) : waiting.remove(slot);
  }

  boolean isEmpty() {
    return waiting.isEmpty() && admitted.isEmpty();
  }

  /** Applies the strategy to the waiting slots; the slots it names have left the waiting ones. */
  Decision decide() {
    List<Slot> let = new ArrayList<>();
    List<Slot> cancel = new ArrayList<>();
    while (!waiting.isEmpty() && admitted.size() < stage.maxRuns()) {
      let.add(admit(waiting.pollFirst()));
    }
    if (stage.kind() == ConcurrencyPlan.Kind.CANCEL_IN_PROGRESS) {
      // The best waiting slot takes the place of the worst admitted one if it outranks it.
      while (!waiting.isEmpty() && !admitted.isEmpty() && order.compare(waiting.first(), admitted.last()) < 0) {
        Slot preempted = admitted.pollLast();
        preempted.admitted = false;
        cancel.add(preempted);
        let.add(admit(waiting.pollFirst()));
      }
    }
    if (stage.kind() != ConcurrencyPlan.Kind.GROUP_ROUND_ROBIN) {
      while (!waiting.isEmpty()) {
        cancel.add(waiting.pollFirst());
      }
    }
    return new Decision(let, cancel);
  }

  private Slot admit(Slot slot) {
    slot.admitted = true;
    admitted.add(slot);
    return slot;
  }
}
