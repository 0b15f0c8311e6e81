package io.hatchet4j.engine.internal.store;

import io.hatchet4j.engine.internal.model.ApiTokenRecord;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.DurableEntryRecord;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.model.WorkerRecord;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;

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

  /** Creates the tables; called once by the subclass constructor when it is ready to make them. */
  final void openTables() {
    tenants = newTable("tenants", TenantRecord.class);
    workflowVersions = newTable("workflow_versions", WorkflowVersionRecord.class);
    workers = newTable("workers", WorkerRecord.class);
    workflowRuns = newTable("workflow_runs", WorkflowRunRecord.class);
    taskRuns = newTable("task_runs", TaskRunRecord.class);
    events = newTable("events", EventRecord.class);
    logs = newTable("logs", LogRecord.class);
    schedules = newTable("schedules", ScheduleRecord.class);
    crons = newTable("crons", CronRecord.class);
    durableEntries = newTable("durable_entries", DurableEntryRecord.class);
    apiTokens = newTable("api_tokens", ApiTokenRecord.class);
  }

  abstract <R> Table<R> newTable(String name, Class<R> type);

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
}
