package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.runs.ConcurrencyGroup.GroupKey;
import io.hatchet4j.engine.internal.runs.ConcurrencyGroup.Slot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Concurrency limits, enforced as upstream does: the gate a queued task passes before it may go to
 * a worker. Confined to the scheduler thread.
 *
 * <p>A task's keys are evaluated once, when it is first queued ({@link #evaluateKeys}); a task
 * whose key cannot be evaluated is failed by the caller with the reason returned. The task then
 * passes its strategies one after the other (see {@link ConcurrencyPlan}), taking a place in the
 * group of each strategy and key; once it holds a place in every one it goes on to {@link
 * Assignment#enqueue assignment}. Groups decide in {@link #settle}, at the start of each assignment pass,
 * so that a batch of triggers is decided together and a restart restores every held place before
 * anything is decided. A task gives its places back when it finishes or an attempt fails
 * ({@link #release}); a retry queues again with upstream's retry priority 4, ahead of any user
 * priority.
 *
 * <p>Tasks of workflows without concurrency pass straight through at the cost of two emptiness
 * checks.
 */
final class ConcurrencyQueues {
  /** Upstream's message on a task cancelled by CANCEL_IN_PROGRESS or CANCEL_NEWEST. */
  static final String CANCELLED_REASON = "Cancelled due to concurrency strategy";
  /** The priority upstream gives a retry's place, above the user priorities 1 to 3. */
  static final int RETRY_PRIORITY = 4;

  /** How a strategy cancels a task (its worker is told if it runs it). */
  interface Canceller {
    void cancel(TaskState task, String reason);
  }

  /** A task inside the gate: its strategies, its place under each, and the one it waits for. */
  private static final class Entry {
    final ConcurrencyPlan plan;
    final Slot[] slots;
    int stage;

    Entry(ConcurrencyPlan plan) {
      this.plan = plan;
      this.slots = new Slot[plan.stages.size()];
    }
  }

  private final Assignment assignment;
  private final RunTable table;
  private final Effects effects;
  private final Canceller canceller;
  private final Map<String, ConcurrencyPlan> plans = new HashMap<>();
  private final Map<GroupKey, ConcurrencyGroup> groups = new HashMap<>();
  private final Map<TaskState, Entry> entries = new IdentityHashMap<>();
  /** The places whole runs hold, by run id, one per stage (null for stages that count tasks). */
  private final Map<String, Slot[]> runSlots = new HashMap<>();
  private final ArrayDeque<ConcurrencyGroup> dirty = new ArrayDeque<>();
  private long sequence;

  ConcurrencyQueues(Assignment assignment, RunTable table, Effects effects, Canceller canceller) {
    this.assignment = assignment;
    this.table = table;
    this.effects = effects;
    this.canceller = canceller;
  }

  /**
   * Evaluates the task's keys the first time it is queued. Returns null, or upstream's reason to
   * create the task FAILED.
   */
  @Nullable
  String evaluateKeys(TaskState task) {
    if (task.concurrencyKeys != null || !ConcurrencyPlan.declaresAny(task)) {
      return null;
    }
    try {
      task.concurrencyKeys = plan(task).keys(task);
      return null;
    } catch (ConcurrencyPlan.KeyError e) {
      return e.getMessage();
    }
  }

  /** Lets a queued task through its strategies, or holds it in their groups. */
  void enqueue(TaskState task) {
    if (task.concurrencyKeys == null) {
      assignment.enqueue(task);
      return;
    }
    Entry entry = entries.get(task);
    if (entry != null) {
      // Back from a lost worker or an eviction: it keeps the places it holds.
      if (task.concurrencyAdmitted) {
        assignment.enqueue(task);
      }
      return;
    }
    entry = new Entry(plan(task));
    entries.put(task, entry);
    if (task.concurrencyAdmitted) {
      restore(task, entry);
      assignment.enqueue(task);
      return;
    }
    advance(task, entry);
  }

  /** A task that held its places before a restart takes them back without a decision. */
  private void restore(TaskState task, Entry entry) {
    for (int i = 0; i < entry.slots.length; i++) {
      Slot slot = slot(task, entry, i);
      if (!slot.admitted) {
        slot.group.remove(slot);
        slot.group.restore(slot);
        if (slot.task == null) {
          // Its run's other tasks that queued first and waited for it go on with it.
          moveOn(slot);
        }
      }
    }
    entry.stage = entry.slots.length;
  }

  /** Takes the task through the strategies whose places it gets at once; stops at the first it waits for. */
  private void advance(TaskState task, Entry entry) {
    while (entry.stage < entry.slots.length) {
      Slot slot = slot(task, entry, entry.stage);
      if (!slot.admitted) {
        if (slot.task == null && !slot.waitingTasks.contains(task)) {
          slot.waitingTasks.add(task);
        }
        return;
      }
      entry.stage++;
    }
    task.concurrencyAdmitted = true;
    table.save(task);
    assignment.enqueue(task);
  }

  /** The task's place under a stage: its own, or its run's; a new one enters its group to wait. */
  private Slot slot(TaskState task, Entry entry, int stage) {
    if (entry.slots[stage] != null) {
      return entry.slots[stage];
    }
    ConcurrencyPlan.Stage spec = entry.plan.stages.get(stage);
    ConcurrencyGroup group = group(spec, task.concurrencyKeys.get(stage));
    Slot slot;
    if (spec.countsRuns()) {
      Slot[] held = runSlots.computeIfAbsent(task.run.id, id -> new Slot[entry.slots.length]);
      slot = held[stage];
      if (slot == null) {
        slot = new Slot(group, null, task.run, task.run.priority, task.run.createdAtMs, sequence++);
        held[stage] = slot;
        group.enter(slot);
        markDirty(group);
      }
    } else {
      int priority = task.appRetries > 0 ? RETRY_PRIORITY : task.run.priority;
      slot = new Slot(group, task, task.run, priority, task.createdAtMs, sequence++);
      group.enter(slot);
      markDirty(group);
    }
    entry.slots[stage] = slot;
    return slot;
  }

  private ConcurrencyGroup group(ConcurrencyPlan.Stage stage, String key) {
    return groups.computeIfAbsent(new GroupKey(stage.strategyId(), key), k -> new ConcurrencyGroup(k, stage));
  }

  /**
   * Gives back the task's places: it finished, or its attempt failed (a retry queues again). A
   * run's place goes back once none of the run's regular tasks is unfinished.
   */
  void release(TaskState task) {
    if (task.concurrencyKeys == null) {
      return;
    }
    Entry entry = entries.remove(task);
    if (entry != null) {
      for (Slot slot : entry.slots) {
        if (slot != null && slot.task == task) {
          giveBack(slot);
        } else if (slot != null) {
          slot.waitingTasks.remove(task);
        }
      }
    }
    task.concurrencyAdmitted = false;
    Slot[] held = runSlots.get(task.run.id);
    if (held != null && task.run.tasks.values().stream().allMatch(t -> t.status.isTerminal())) {
      runSlots.remove(task.run.id);
      for (Slot slot : held) {
        if (slot != null) {
          giveBack(slot);
        }
      }
    }
  }

  private void giveBack(Slot slot) {
    if (slot.group.remove(slot)) {
      markDirty(slot.group);
    }
  }

  private void markDirty(ConcurrencyGroup group) {
    if (!group.dirty) {
      group.dirty = true;
      dirty.add(group);
      effects.requestAssignment();
    }
  }

  /** Lets every group with news decide: admits what fits, cancels what its strategy cancels. */
  void settle() {
    ConcurrencyGroup group;
    while ((group = dirty.poll()) != null) {
      group.dirty = false;
      ConcurrencyGroup.Decision decision = group.decide();
      decision.admitted().forEach(this::moveOn);
      for (Slot slot : decision.cancelled()) {
        List<TaskState> targets = slot.task != null ? List.of(slot.task) : slot.run.allTasks();
        for (TaskState task : targets) {
          if (!task.status.isTerminal()) {
            canceller.cancel(task, CANCELLED_REASON);
          }
        }
      }
      if (group.isEmpty()) {
        groups.remove(group.key, group);
      }
    }
  }

  /** An admitted place lets its task, or the run's waiting tasks, on to their next stage. */
  private void moveOn(Slot slot) {
    List<TaskState> tasks = slot.task != null ? List.of(slot.task) : new ArrayList<>(slot.waitingTasks);
    slot.waitingTasks.clear();
    for (TaskState task : tasks) {
      Entry entry = entries.get(task);
      if (entry != null && entry.stage < entry.slots.length && entry.slots[entry.stage] == slot) {
        entry.stage++;
        advance(task, entry);
      }
    }
  }

  private ConcurrencyPlan plan(TaskState task) {
    String id = task.run.version.id() + (task.onFailure ? "/on-failure" : "/task/" + task.readableId());
    return plans.computeIfAbsent(id, k -> ConcurrencyPlan.of(task));
  }
}
