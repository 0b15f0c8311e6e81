package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * What tasks say while they run: stored log lines, and streamed output that goes to the run's
 * subscribers without being stored. Confined to the scheduler thread.
 */
final class TaskLogs {
  private final RunTable table;
  private final EngineStore store;
  private final Effects effects;
  private final Watchers watchers;
  private long nextSequence;

  TaskLogs(RunTable table, EngineStore store, Effects effects, Watchers watchers) {
    this.table = table;
    this.store = store;
    this.effects = effects;
    this.watchers = watchers;
  }

  /**
   * Continues numbering after the stored lines. Lines of deleted runs leave gaps, so the count of
   * lines is no bound; numbers start from the clock instead (a million lines a millisecond), above
   * every number a previous start gave, whatever was deleted since.
   */
  void load() {
    nextSequence = Math.max(store.logs().size(), System.currentTimeMillis() << 20);
  }

  void put(String tenantId, LogSpec spec) {
    TaskState task = taskOf(tenantId, spec.taskRunId());
    long createdAt = spec.createdAtMs() != null ? spec.createdAtMs() : effects.nowMs();
    LogRecord record = new LogRecord(task.id, tenantId, createdAt, spec.message(), spec.level(), spec.metadata(),
        spec.retryCount() != null ? spec.retryCount() : task.retryCount);
    store.logs().put(task.id + "/" + String.format("%016x", nextSequence++), record);
  }

  List<LogRecord> of(String tenantId, String taskRunId) {
    TaskState task = table.requireTask(tenantId, taskRunId);
    return store.logs().valuesWithKeyPrefix(task.id + "/");
  }

  /** The log lines of several task runs of the tenant, by task run id; other tenants' are left out. */
  Map<String, List<LogRecord>> of(String tenantId, List<String> taskRunIds) {
    Map<String, List<LogRecord>> lines = new LinkedHashMap<>();
    for (String id : taskRunIds) {
      TaskState task = table.task(id);
      if (task != null && task.tenantId().equals(tenantId)) {
        lines.put(id, store.logs().valuesWithKeyPrefix(id + "/"));
      }
    }
    return lines;
  }

  /** Forwards a chunk of task output to the run's event subscribers; it is not stored. */
  void stream(String tenantId, String taskRunId, String payload, @Nullable Long eventIndex, long createdAtMs) {
    TaskState task = taskOf(tenantId, taskRunId);
    watchers.publish(new RunEvent(task.run.id, RunEvent.Resource.TASK, RunEvent.Type.STREAM, task.id, createdAtMs,
        payload, false, null, task.retryCount, eventIndex));
  }

  /** The task a log line or chunk is for, or NOT_FOUND in upstream's words. */
  private TaskState taskOf(String tenantId, String taskRunId) {
    String id = Ids.canonicalOrNull(taskRunId);
    TaskState task = id == null ? null : table.task(id);
    if (task == null || !task.tenantId().equals(tenantId)) {
      throw EngineException.notFound("task run not found: " + (id == null ? taskRunId : id));
    }
    return task;
  }
}
