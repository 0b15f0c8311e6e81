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
import java.nio.file.Path;

/**
 * The engine's storage: one table per kind of record plus the token signing secret.
 *
 * <p>Not public API. The engine writes through on every change and calls {@link #commit()} before it
 * answers the request that caused the change, so an acknowledged result survives a crash of the
 * process.
 */
public interface EngineStore extends AutoCloseable {

  /** A store that forgets everything when closed. */
  static EngineStore inMemory() {
    return new InMemoryStore();
  }

  /**
   * Opens (or creates) a store file.
   *
   * @throws IllegalStateException if the file is unreadable or another process has it open
   */
  static EngineStore open(Path file) {
    return new MvFileStore(file);
  }

  /** The secret tokens are signed with, created on first use and kept as long as the store. */
  byte[] signingSecret();

  Table<TenantRecord> tenants();

  Table<WorkflowVersionRecord> workflowVersions();

  Table<WorkerRecord> workers();

  Table<WorkflowRunRecord> workflowRuns();

  Table<TaskRunRecord> taskRuns();

  Table<EventRecord> events();

  /** Log lines keyed {@code <task run id>/<sequence>}, so one task's lines are a key range. */
  Table<LogRecord> logs();

  /** Runs scheduled for a future time, until they fire or are deleted. */
  Table<ScheduleRecord> schedules();

  /** Cron triggers, declared by workflows or created over REST. */
  Table<CronRecord> crons();

  /** Durable task event log entries keyed {@link DurableEntryRecord#key()}, so one task's are a key range. */
  Table<DurableEntryRecord> durableEntries();

  /** API tokens by token id, so a revoked one stays refused across restarts. */
  Table<ApiTokenRecord> apiTokens();

  /** Event filters by filter id, created over REST or declared by workflows. */
  Table<FilterRecord> filters();

  /** Workflows deleted over REST, by workflow id. */
  Table<DeletedWorkflowRecord> deletedWorkflows();

  /** Tenant rate limits keyed {@link RateLimitRecord#tableKey}, with what is left of their window. */
  Table<RateLimitRecord> rateLimits();

  /**
   * The indexes of runs, tasks and events, which the store keeps in step with those tables.
   * Thread-safe: listings read them on any thread.
   */
  RunIndex runIndex();

  /**
   * Deletes a workflow run with its task runs, their log lines and durable event log entries.
   * Returns whether there was such a run.
   */
  boolean deleteRun(String runId);

  /**
   * Runs a read on a thread other than the writer's: the store keeps the version it reads from
   * intact until it is done.
   */
  default <T> T read(java.util.function.Supplier<T> body) {
    return body.get();
  }

  /** Makes every write so far durable. */
  void commit();

  /**
   * Gives the space of deleted and overwritten records back: rewrites sparse parts of the file and
   * shrinks it. Commits.
   */
  default void reclaimSpace() {}

  /** Commits and releases the store. */
  @Override
  void close();
}
