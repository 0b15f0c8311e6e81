package io.hatchet4j.engine.internal.store;

import io.hatchet4j.engine.internal.model.ApiTokenRecord;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.DeletedWorkflowRecord;
import io.hatchet4j.engine.internal.model.DurableEntryRecord;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.FilterRecord;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.RateLimitRecord;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.model.WorkerRecord;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Holds the tables of a store; subclasses say how a table is kept. */
abstract class TableStore implements EngineStore {
  private Table<TenantRecord> tenants;
  private Table<WorkflowVersionRecord> workflowVersions;
  private Table<WorkerRecord> workers;
  private Table<WorkflowRunRecord> workflowRuns;
  private Table<TaskRunRecord> taskRuns;
  private Table<EventRecord> events;
  private Table<LogRecord> logs;
  private Table<ScheduleRecord> schedules;
  private Table<CronRecord> crons;
  private Table<DurableEntryRecord> durableEntries;
  private Table<ApiTokenRecord> apiTokens;
  private Table<FilterRecord> filters;
  private Table<DeletedWorkflowRecord> deletedWorkflows;
  private Table<RateLimitRecord> rateLimits;

  private RunIndex runIndex;
  private final Map<String, String> workflowIds = new ConcurrentHashMap<>();

  /** Creates the tables; called once by the subclass constructor when it is ready to make them. */
  final void openTables() {
    tenants = newTable("tenants", TenantRecord.class);
    workflowVersions = newTable("workflow_versions", WorkflowVersionRecord.class);
    workers = newTable("workers", WorkerRecord.class);
    Table<WorkflowRunRecord> runs = newTable("workflow_runs", WorkflowRunRecord.class);
    Table<TaskRunRecord> tasks = newTable("task_runs", TaskRunRecord.class);
    Table<EventRecord> rawEvents = newTable("events", EventRecord.class);
    logs = newTable("logs", LogRecord.class);
    schedules = newTable("schedules", ScheduleRecord.class);
    crons = newTable("crons", CronRecord.class);
    durableEntries = newTable("durable_entries", DurableEntryRecord.class);
    apiTokens = newTable("api_tokens", ApiTokenRecord.class);
    filters = newTable("filters", FilterRecord.class);
    deletedWorkflows = newTable("deleted_workflows", DeletedWorkflowRecord.class);
    rateLimits = newTable("rate_limits", RateLimitRecord.class);
    runIndex = new RunIndex(this::newIndex, this::workflowIdOf);
    if (runIndex.isEmpty() && (runs.size() > 0 || rawEvents.size() > 0)) {
      // A file from before the indexes: build them once.
      runs.values().forEach(run -> runIndex.runWritten(run, () -> null));
      tasks.values().forEach(runIndex::taskWritten);
      rawEvents.values().forEach(runIndex::eventWritten);
    }
    workflowRuns = new Indexed<>(runs, runIndex::runWritten, runIndex::runRemoved);
    taskRuns = new Indexed<>(tasks, (task, old) -> runIndex.taskWritten(task), runIndex::taskRemoved);
    events = new Indexed<>(rawEvents, (event, old) -> runIndex.eventWritten(event), runIndex::eventRemoved);
  }

  abstract <R> Table<R> newTable(String name, Class<R> type);

  /** An index in the same store as the tables, committed with them. */
  abstract KeyIndex newIndex(String name);

  private String workflowIdOf(String versionId) {
    return workflowIds.computeIfAbsent(versionId,
        id -> workflowVersions.get(id).map(WorkflowVersionRecord::workflowId).orElse("-"));
  }

  @Override
  public RunIndex runIndex() {
    return runIndex;
  }

  @Override
  public boolean deleteRun(String runId) {
    Optional<WorkflowRunRecord> run = workflowRuns.get(runId);
    if (run.isEmpty()) {
      return false;
    }
    for (String taskId : runIndex.taskIdsOf(runId)) {
      logs.removeWithKeyPrefix(taskId + "/");
      durableEntries.removeWithKeyPrefix(taskId + "/");
      taskRuns.remove(taskId);
    }
    workflowRuns.remove(runId);
    return true;
  }

  /** A table that tells the indexes of every write; the old record is read only when asked for. */
  private static final class Indexed<R> implements Table<R> {
    private final Table<R> table;
    private final BiConsumer<R, Supplier<R>> written;
    private final Consumer<R> removed;

    Indexed(Table<R> table, BiConsumer<R, Supplier<R>> written, Consumer<R> removed) {
      this.table = table;
      this.written = written;
      this.removed = removed;
    }

    @Override
    public void put(String key, R value) {
      // The index reads the old record only if it needs it, and before it is replaced.
      written.accept(value, () -> table.get(key).orElse(null));
      table.put(key, value);
    }

    @Override
    public Optional<R> get(String key) {
      return table.get(key);
    }

    @Override
    public void remove(String key) {
      Optional<R> old = table.get(key);
      if (old.isPresent()) {
        table.remove(key);
        removed.accept(old.get());
      }
    }

    @Override
    public List<R> values() {
      return table.values();
    }

    @Override
    public List<R> valuesWithKeyPrefix(String prefix) {
      return table.valuesWithKeyPrefix(prefix);
    }

    @Override
    public int size() {
      return table.size();
    }

    @Override
    public int removeWithKeyPrefix(String prefix) {
      List<R> values = table.valuesWithKeyPrefix(prefix);
      table.removeWithKeyPrefix(prefix);
      values.forEach(removed);
      return values.size();
    }
  }

  @Override
  public Table<TenantRecord> tenants() {
    return tenants;
  }

  @Override
  public Table<WorkflowVersionRecord> workflowVersions() {
    return workflowVersions;
  }

  @Override
  public Table<WorkerRecord> workers() {
    return workers;
  }

  @Override
  public Table<WorkflowRunRecord> workflowRuns() {
    return workflowRuns;
  }

  @Override
  public Table<TaskRunRecord> taskRuns() {
    return taskRuns;
  }

  @Override
  public Table<EventRecord> events() {
    return events;
  }

  @Override
  public Table<LogRecord> logs() {
    return logs;
  }

  @Override
  public Table<ScheduleRecord> schedules() {
    return schedules;
  }

  @Override
  public Table<CronRecord> crons() {
    return crons;
  }

  @Override
  public Table<DurableEntryRecord> durableEntries() {
    return durableEntries;
  }

  @Override
  public Table<ApiTokenRecord> apiTokens() {
    return apiTokens;
  }

  @Override
  public Table<FilterRecord> filters() {
    return filters;
  }

  @Override
  public Table<DeletedWorkflowRecord> deletedWorkflows() {
    return deletedWorkflows;
  }

  @Override
  public Table<RateLimitRecord> rateLimits() {
    return rateLimits;
  }
}
