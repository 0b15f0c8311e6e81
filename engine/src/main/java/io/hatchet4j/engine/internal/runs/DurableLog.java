package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.DurableEntryRecord;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.WaitCondition;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event logs of durable task runs and the durable task streams of workers.
 *
 * <p>Confined to the scheduler thread. Each durable task run has a log of entries, one per wait, in
 * the order the task made them (node 1, 2, ... on branch 1). A task that runs again (another
 * invocation, after its worker left or on a retry) replays from its start: its k-th wait maps onto
 * the k-th entry, which answers at once if it is complete and otherwise keeps waiting with its
 * original sleep deadlines. Entries are written through to the store, so waits survive worker and
 * engine restarts.
 */
final class DurableLog {
  private static final Logger log = LoggerFactory.getLogger(DurableLog.class);
  /** This engine does not branch event logs: every entry is on branch 1. */
  static final long BRANCH = 1;

  /** What the log needs from the scheduler. */
  interface Host {
    @Nullable
    TaskState task(String taskRunId);

    /** Takes a durable task off its worker while it waits. */
    void evict(TaskState task);

    /** Queues an evicted task again because one of its waits completed. */
    void wake(TaskState task);

    @Nullable
    RunState run(String runId);

    /** Starts a child run and returns its id (an existing one for a repeated child key or index). */
    String startChild(String tenantId, TriggerSpec spec);
  }

  private static final class TaskLog {
    final List<DurableEntryRecord> entries = new ArrayList<>();
    /** The invocation whose waits are being matched, and how many it has made. */
    int invocation;
    int cursor;
    @Nullable DurableSink lastSink;
  }

  private record Session(String tenantId, String workerId, DurableSink sink) {}

  private final EngineStore store;
  private final Effects effects;
  private final Host host;
  private final Map<String, TaskLog> logs = new HashMap<>();
  /** Incomplete entries by store key. */
  private final Map<String, DurableEntryRecord> waiting = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final WaitConditions conditionRules = new WaitConditions();

  DurableLog(EngineStore store, Effects effects, Host host) {
    this.store = store;
    this.effects = effects;
    this.host = host;
  }

  /** Rebuilds the logs of unfinished tasks and re-arms their sleeps; overdue sleeps complete at once. */
  void load(List<TaskState> tasks) {
    for (TaskState task : tasks) {
      if (task.status.isTerminal() || !task.spec.durable()) {
        continue;
      }
      for (DurableEntryRecord entry : store.durableEntries().valuesWithKeyPrefix(task.id + "/")) {
        logs.computeIfAbsent(entry.taskRunId(), k -> new TaskLog()).entries.add(entry);
        if (!entry.isComplete()) {
          waiting.put(entry.key(), entry);
          armSleeps(entry);
        }
      }
    }
    // Child runs that finished while no one listened complete their entries now.
    for (DurableEntryRecord entry : new ArrayList<>(waiting.values())) {
      RunState child = entry.childRunId() == null ? null : host.run(entry.childRunId());
      if (child != null && child.status.isTerminal()) {
        runFinished(child);
      }
    }
  }

  /** Forgets a task's event log, so its next run starts with no waits (a replay). */
  void forget(String taskRunId) {
    logs.remove(taskRunId);
    for (DurableEntryRecord entry : store.durableEntries().valuesWithKeyPrefix(taskRunId + "/")) {
      waiting.remove(entry.key());
      store.durableEntries().remove(entry.key());
    }
  }

  // ---------------------------------------------------------------- streams

  String openSession(String tenantId, String workerId, DurableSink sink) {
    String id = Ids.newId();
    sessions.put(id, new Session(tenantId, workerId, sink));
    return id;
  }

  void closeSession(String sessionId) {
    Session session = sessions.remove(sessionId);
    if (session != null) {
      for (TaskLog taskLog : logs.values()) {
        if (taskLog.lastSink == session.sink) {
          taskLog.lastSink = null;
        }
      }
    }
  }

  // ---------------------------------------------------------------- requests

  /** Where a request lands in a task's log: the next node of its invocation, and what is stored there. */
  private record Slot(TaskState task, TaskLog log, int invocation, long nodeId, @Nullable DurableEntryRecord existing) {
    /** Takes the node: the invocation's next request lands on the node after it. */
    void take() {
      log.cursor++;
    }
  }

  /**
   * Finds the node a request of this invocation lands on, or answers the request with an error (or
   * an eviction, for a stale invocation) and returns null.
   */
  @Nullable
  private Slot slot(String tenantId, DurableSink sink, String taskRunId, int invocation, String kind) {
    TaskState task = taskOf(tenantId, taskRunId);
    if (task == null) {
      send(sink, DurableMessage.error(taskRunId, invocation, 0, "task run " + taskRunId + " not found", false));
      return null;
    }
    if (task.status.isTerminal()) {
      send(sink, DurableMessage.error(task.id, invocation, 0, "task run " + task.id + " has finished", false));
      return null;
    }
    if (invocation < task.invocationCount) {
      send(sink, DurableMessage.simple(DurableMessage.Type.SERVER_EVICT, task.id, invocation, 0,
          "invocation " + invocation + " is stale: the task run is at invocation " + task.invocationCount));
      return null;
    }
    TaskLog taskLog = logs.computeIfAbsent(task.id, k -> new TaskLog());
    if (taskLog.invocation != invocation) {
      taskLog.invocation = invocation;
      taskLog.cursor = 0;
    }
    taskLog.lastSink = sink;
    long nodeId = taskLog.cursor + 1;
    DurableEntryRecord existing = nodeId <= taskLog.entries.size() ? taskLog.entries.get((int) nodeId - 1) : null;
    if (existing != null && !existing.kind().equals(kind)) {
      send(sink, DurableMessage.error(task.id, invocation, nodeId, "non-determinism: entry " + nodeId
          + " of the event log is a " + existing.kind() + ", but the task now makes a " + kind + " there", true));
      return null;
    }
    return new Slot(task, taskLog, invocation, nodeId, existing);
  }

  private DurableEntryRecord record(Slot slot, String kind, @Nullable String label, List<WaitCondition> conditions,
      @Nullable String memoKey, @Nullable String childRunId) {
    DurableEntryRecord entry = new DurableEntryRecord(slot.task.id, slot.task.tenantId(), BRANCH, slot.nodeId, kind,
        label, conditions, effects.nowMs(), null, null, memoKey, childRunId, false, null);
    slot.log.entries.add(entry);
    waiting.put(entry.key(), entry);
    store.durableEntries().put(entry.key(), entry);
    slot.take();
    return entry;
  }

  /** A task's wait: acknowledged with its entry, answered when the entry completes (maybe at once). */
  void waitFor(String tenantId, DurableSink sink, DurableWait wait) {
    Slot slot = slot(tenantId, sink, wait.taskRunId(), wait.invocationCount(), DurableEntryRecord.WAIT_FOR);
    if (slot == null) {
      return;
    }
    if (slot.existing != null) {
      slot.take();
      send(sink, ack(slot.task.id, slot.invocation, slot.nodeId));
      if (slot.existing.isComplete()) {
        send(sink, completed(slot.existing, slot.invocation));
      }
      return;
    }
    List<WaitCondition> conditions;
    try {
      conditions = conditionRules.prepare(wait.conditions(), effects.nowMs());
    } catch (EngineException e) {
      send(sink, DurableMessage.error(slot.task.id, slot.invocation, slot.nodeId, e.getMessage(), false));
      return;
    }
    DurableEntryRecord entry = record(slot, DurableEntryRecord.WAIT_FOR, wait.label(), conditions, null, null);
    send(sink, ack(slot.task.id, slot.invocation, slot.nodeId));
    armSleeps(entry);
  }

  /**
   * A memo: the first time it is recorded (complete at once if the worker sent its value); on a
   * replay the ack carries the stored value, so the worker need not compute it again.
   */
  void memo(String tenantId, DurableSink sink, String taskRunId, int invocation, byte[] key, @Nullable byte[] value) {
    Slot slot = slot(tenantId, sink, taskRunId, invocation, DurableEntryRecord.MEMO);
    if (slot == null) {
      return;
    }
    String keyText = Base64.getEncoder().encodeToString(key);
    DurableEntryRecord entry = slot.existing;
    if (entry != null && !keyText.equals(entry.memoKey())) {
      send(sink, DurableMessage.error(slot.task.id, invocation, slot.nodeId,
          "non-determinism: entry " + slot.nodeId + " memoizes another key", true));
      return;
    }
    if (entry != null) {
      slot.take();
    } else {
      entry = record(slot, DurableEntryRecord.MEMO, null, List.of(), keyText, null);
      if (value != null) {
        entry = finish(entry, Base64.getEncoder().encodeToString(value), false, null, false);
      }
    }
    boolean existed = slot.existing != null && slot.existing.isComplete();
    send(sink, new DurableMessage(DurableMessage.Type.MEMO_ACK, slot.task.id, invocation, BRANCH, slot.nodeId,
        existed ? slot.existing.payload() : null, null, false, false, existed, List.of()));
  }

  /** The worker's value for a memo it recorded without one. */
  void completeMemo(String tenantId, String taskRunId, long nodeId, byte[] value) {
    TaskState task = taskOf(tenantId, taskRunId);
    TaskLog taskLog = task == null ? null : logs.get(task.id);
    if (taskLog == null || nodeId < 1 || nodeId > taskLog.entries.size()) {
      return;
    }
    DurableEntryRecord entry = taskLog.entries.get((int) nodeId - 1);
    if (entry.kind().equals(DurableEntryRecord.MEMO) && !entry.isComplete()) {
      finish(entry, Base64.getEncoder().encodeToString(value), false, null, false);
    }
  }

  /**
   * Child runs spawned through the stream, one entry each; each entry completes with its run's
   * result. A replay gets the runs it started before instead of new ones.
   */
  void triggerRuns(String tenantId, DurableSink sink, String taskRunId, int invocation, List<TriggerSpec> specs) {
    List<DurableMessage.RunEntry> started = new ArrayList<>();
    List<DurableEntryRecord> entries = new ArrayList<>();
    TaskState task = null;
    for (TriggerSpec spec : specs) {
      Slot slot = slot(tenantId, sink, taskRunId, invocation, DurableEntryRecord.RUN);
      if (slot == null) {
        return;
      }
      task = slot.task;
      DurableEntryRecord entry = slot.existing;
      if (entry != null) {
        slot.take();
      } else {
        String runId;
        try {
          runId = host.startChild(tenantId, childSpec(spec, slot.task, slot.nodeId));
        } catch (EngineException e) {
          send(sink, DurableMessage.error(slot.task.id, invocation, slot.nodeId, e.getMessage(), false));
          return;
        }
        entry = record(slot, DurableEntryRecord.RUN, spec.workflowName(), List.of(), null, runId);
      }
      started.add(new DurableMessage.RunEntry(entry.nodeId(), entry.childRunId()));
      entries.add(entry);
    }
    String id = task == null ? taskRunId : task.id;
    send(sink, new DurableMessage(DurableMessage.Type.TRIGGER_RUNS_ACK, id, invocation, BRANCH, 0, null, null, false,
        false, false, started));
    for (DurableEntryRecord entry : entries) {
      RunState child = host.run(entry.childRunId());
      DurableEntryRecord current = logs.get(id).entries.get((int) entry.nodeId() - 1);
      if (current.isComplete()) {
        send(sink, completed(current, invocation));
      } else if (child != null && child.status.isTerminal()) {
        runFinished(child);
      }
    }
  }

  /**
   * A spawn with the parent filled in from the spawning task where the worker left it out; without
   * a key or index, the entry's node is the child index, unique in the task's log.
   */
  private static TriggerSpec childSpec(TriggerSpec spec, TaskState parent, long nodeId) {
    return new TriggerSpec(spec.workflowName(), spec.input(), spec.additionalMetadata(),
        spec.parentWorkflowRunId() != null ? spec.parentWorkflowRunId() : parent.run.id,
        spec.parentTaskRunId() != null ? spec.parentTaskRunId() : parent.id,
        spec.childIndex() != null || spec.childKey() != null ? spec.childIndex() : Integer.valueOf((int) nodeId),
        spec.childKey(), spec.priority(), spec.desiredWorkerId(), spec.desiredWorkerLabels());
  }

  /** A run finished: completes the entries of the durable tasks that spawned it. */
  void runFinished(RunState run) {
    // The run's own tasks are finished: their logs stay in the store only.
    for (TaskState task : run.allTasks()) {
      TaskLog finished = logs.remove(task.id);
      if (finished != null) {
        finished.entries.forEach(e -> waiting.remove(e.key()));
      }
    }
    if (run.parentTaskRunId == null || waiting.isEmpty()) {
      return;
    }
    TaskLog taskLog = logs.get(run.parentTaskRunId);
    if (taskLog == null) {
      return;
    }
    for (DurableEntryRecord entry : new ArrayList<>(taskLog.entries)) {
      if (run.id.equals(entry.childRunId()) && !entry.isComplete() && stillWaiting(entry)) {
        boolean failed = run.status != RunStatus.COMPLETED;
        ObjectNode outputs = Json.newObject();
        String error = null;
        for (TaskState t : run.allTasks()) {
          if (t.status == TaskStatus.COMPLETED && t.output != null && !t.onFailure) {
            outputs.set(t.readableId(), Json.parseTrusted(t.output));
          } else if (error == null && t.error != null && t.status.isTerminal()) {
            error = t.error;
          }
        }
        finish(entry, failed ? null : outputs.toString(), failed,
            failed ? (error == null ? "child run " + run.id + " " + run.status : error) : null, true);
      }
    }
  }

  /** Re-sends the completions of listed entries that are complete: a broken stream may have lost them. */
  void workerStatus(String tenantId, DurableSink sink, List<DurableWait.Awaited> awaited) {
    for (DurableWait.Awaited wait : awaited) {
      TaskState task = taskOf(tenantId, wait.taskRunId());
      TaskLog taskLog = task == null ? null : logs.get(task.id);
      long nodeId = wait.nodeId();
      if (taskLog == null || nodeId < 1 || nodeId > taskLog.entries.size()) {
        continue;
      }
      DurableEntryRecord entry = taskLog.entries.get((int) nodeId - 1);
      if (entry.isComplete()) {
        send(sink, completed(entry, wait.invocationCount()));
      }
    }
  }

  /** The worker gives up a waiting invocation; the task runs again when one of its waits completes. */
  void evict(String tenantId, DurableSink sink, String taskRunId, int invocation) {
    TaskState task = taskOf(tenantId, taskRunId);
    send(sink, DurableMessage.simple(DurableMessage.Type.EVICTION_ACK, taskRunId, invocation, 0, null));
    if (task == null || task.status.isTerminal() || invocation != task.invocationCount || !task.status.isOnWorker()) {
      return;
    }
    host.evict(task);
    if (!hasWaiting(task.id)) {
      host.wake(task);
    }
  }

  /** A user event: completes the waits for its key (pushed after the wait began) whose filter it passes. */
  void onEvent(EventRecord event) {
    if (waiting.isEmpty()) {
      return;
    }
    JsonNode payload = Json.parseTrusted(event.payload());
    // Upstream's condition environment: the event payload is the input, and no task output.
    Map<String, JsonNode> variables = Map.of("input", payload, "output", Json.newObject());
    for (DurableEntryRecord entry : new ArrayList<>(waiting.values())) {
      if (!entry.tenantId().equals(event.tenantId()) || !stillWaiting(entry)) {
        continue;
      }
      List<WaitCondition> conditions = new ArrayList<>(entry.conditions());
      boolean changed = false;
      for (int i = 0; i < conditions.size(); i++) {
        WaitCondition c = conditions.get(i);
        if (c.kind() == WaitCondition.Kind.USER_EVENT && c.data() == null && event.key().equals(c.eventKey())
            && !WaitConditions.groupSatisfied(conditions, c.orGroupId())
            && (c.expression() == null || conditionRules.expression(c.expression()).matches(variables))) {
          conditions.set(i, c.withData(payload.toString()));
          changed = true;
        }
      }
      if (changed) {
        update(entry, conditions);
      }
    }
  }

  // ---------------------------------------------------------------- conditions

  private void armSleeps(DurableEntryRecord entry) {
    for (WaitCondition c : entry.conditions()) {
      if (c.kind() == WaitCondition.Kind.SLEEP && c.data() == null && c.deadlineMs() != null) {
        long delay = Math.max(0, c.deadlineMs() - effects.nowMs());
        String key = entry.key();
        effects.schedule(Duration.ofMillis(delay), () -> sleepElapsed(key));
      }
    }
  }

  private void sleepElapsed(String key) {
    DurableEntryRecord entry = waiting.get(key);
    if (entry == null || !stillWaiting(entry)) {
      return;
    }
    long now = effects.nowMs();
    List<WaitCondition> conditions = new ArrayList<>(entry.conditions());
    boolean changed = false;
    for (int i = 0; i < conditions.size(); i++) {
      WaitCondition c = conditions.get(i);
      if (c.kind() == WaitCondition.Kind.SLEEP && c.data() == null && c.deadlineMs() != null
          && c.deadlineMs() <= now && !WaitConditions.groupSatisfied(conditions, c.orGroupId())) {
        ObjectNode data = Json.newObject().put("id", Ids.newId()).put("sleep_duration", c.sleepFor());
        conditions.set(i, c.withData(data.toString()));
        changed = true;
      }
    }
    if (changed) {
      update(entry, conditions);
    } else {
      armSleeps(entry); // fired early
    }
  }

  /** Stores new condition data and completes the entry when every group has a condition that held. */
  private void update(DurableEntryRecord entry, List<WaitCondition> conditions) {
    boolean complete = conditions.stream().allMatch(c -> WaitConditions.groupSatisfied(conditions, c.orGroupId()));
    DurableEntryRecord updated = entry.withConditions(conditions);
    if (complete) {
      finish(updated, WaitConditions.report(conditions), false, null, true);
    } else {
      save(updated);
      waiting.put(updated.key(), updated);
    }
  }

  /** Completes an entry, stores it and, if {@code deliver}, tells the task's worker. */
  private DurableEntryRecord finish(DurableEntryRecord entry, @Nullable String payload, boolean failure,
      @Nullable String error, boolean deliver) {
    DurableEntryRecord done = entry.completed(effects.nowMs(), payload, failure, error);
    save(done);
    waiting.remove(done.key());
    if (deliver) {
      deliver(done, logs.get(done.taskRunId()));
    }
    return done;
  }

  private void save(DurableEntryRecord entry) {
    store.durableEntries().put(entry.key(), entry);
    TaskLog taskLog = logs.get(entry.taskRunId());
    if (taskLog != null && entry.nodeId() <= taskLog.entries.size()) {
      taskLog.entries.set((int) entry.nodeId() - 1, entry);
    }
  }

  private void deliver(DurableEntryRecord entry, @Nullable TaskLog taskLog) {
    TaskState task = host.task(entry.taskRunId());
    if (task == null) {
      return;
    }
    if (task.evicted) {
      host.wake(task);
      return; // its next invocation replays and finds the entry complete
    }
    int invocation = taskLog != null && taskLog.invocation > 0 ? taskLog.invocation : task.invocationCount;
    DurableMessage message = completed(entry, invocation);
    // The stream that sent the wait first, then the task's worker's streams, newest first.
    List<DurableSink> targets = new ArrayList<>();
    if (taskLog != null && taskLog.lastSink != null) {
      targets.add(taskLog.lastSink);
    }
    List<Session> all = new ArrayList<>(sessions.values());
    Collections.reverse(all);
    for (Session session : all) {
      if (session.workerId.equals(task.workerId) && !targets.contains(session.sink)) {
        targets.add(session.sink);
      }
    }
    if (targets.isEmpty()) {
      log.debug("durable entry {} completed with no stream to tell; the worker's status poll picks it up", entry.key());
      return;
    }
    effects.afterCommit(() -> {
      for (DurableSink target : targets) {
        if (target.send(message)) {
          return;
        }
      }
    });
  }

  private boolean hasWaiting(String taskRunId) {
    TaskLog taskLog = logs.get(taskRunId);
    return taskLog != null && taskLog.entries.stream().anyMatch(e -> !e.isComplete());
  }

  /** Drops waits of tasks that finished meanwhile; returns whether this one still counts. */
  private boolean stillWaiting(DurableEntryRecord entry) {
    TaskState task = host.task(entry.taskRunId());
    if (task == null || task.status.isTerminal()) {
      waiting.remove(entry.key());
      logs.remove(entry.taskRunId());
      return false;
    }
    return true;
  }

  @Nullable
  private TaskState taskOf(String tenantId, String taskRunId) {
    String id = Ids.canonicalOrNull(taskRunId);
    TaskState task = id == null ? null : host.task(id);
    return task == null || !task.tenantId().equals(tenantId) ? null : task;
  }

  private static DurableMessage ack(String taskRunId, int invocation, long nodeId) {
    return DurableMessage.simple(DurableMessage.Type.WAIT_FOR_ACK, taskRunId, invocation, nodeId, null);
  }

  private static DurableMessage completed(DurableEntryRecord entry, int invocation) {
    return new DurableMessage(DurableMessage.Type.ENTRY_COMPLETED, entry.taskRunId(), invocation, entry.branchId(),
        entry.nodeId(), entry.payload(), entry.errorMessage(), false, entry.failure(), false, List.of());
  }

  private void send(DurableSink sink, DurableMessage message) {
    effects.afterCommit(() -> sink.send(message));
  }
}
