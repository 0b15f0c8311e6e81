package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.DeletedWorkflowRecord;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.RateLimitRecord;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkerRecord;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine core as the {@link Orchestrator} sees it: one method per command, each handed to the
 * part that does it.
 *
 * <p>The parts, all confined to the scheduler thread:
 * <ul>
 *   <li>{@link RunTable}: the live runs and tasks and their write-through to the store;
 *   <li>{@link TaskMachine}: the task and run state machine (queueing, retries, failure, cancel,
 *       settling, replay);
 *   <li>{@link Assignment}: the ready queue, worker choice through {@link AssignmentGate gates},
 *       slots and actions sent to workers;
 *   <li>{@link TaskTimers}: schedule and execution timeouts, backoff and worker liveness;
 *   <li>{@link WorkerRegistry}: workers' registration, streams, heartbeats and pausing;
 *   <li>{@link RunLauncher} and {@link EventIngest}: starting runs by trigger and by event;
 *   <li>{@link ReadModel} and {@link TaskLogs}: views for the REST API, and task logs;
 *   <li>{@link Catalog}, {@link Triggers} and {@link DurableLog}: workflow definitions,
 *       schedules and crons, durable tasks' waits.
 * </ul>
 *
 * <p>Each change is written through to the store at once; the loop commits before anyone hears of
 * it. Validation happens before the first change, so a rejected request leaves no trace.
 */
final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final EngineStore store;
  private final Effects effects;
  private final Catalog catalog = new Catalog();
  private final WorkerPool workers = new WorkerPool();
  private final RunTable table;
  private final Watchers watchers;
  private final TaskMachine machine;
  private final Assignment assignment;
  private final ConcurrencyQueues concurrency;
  private final WorkerRegistry registry;
  private final RunLauncher launcher;
  private final EventIngest events;
  private final ReadModel reads;
  private final StoredRuns stored;
  private final TaskLogs logs;
  private final Triggers triggers;
  private final DurableLog durable;
  private final EventFilters filters;
  private final DagConditions dag;
  private final RateLimits rateLimits;

  Scheduler(EngineStore store, Effects effects, EngineSettings settings) {
    this(store, effects, settings, RunListener.NONE);
  }

  Scheduler(EngineStore store, Effects effects, EngineSettings settings, RunListener listener) {
    this(store, effects, settings, listener, List.of());
  }

  /** With assignment gates, asked in this order before the engine's own (rate limits). */
  Scheduler(EngineStore store, Effects effects, EngineSettings settings, RunListener listener,
      List<AssignmentGate> gates) {
    this.store = store;
    this.effects = effects;
    this.table = new RunTable(store, catalog::version);
    this.watchers = new Watchers(effects);
    TaskTimers timers = new TaskTimers(effects, settings, table::liveTask);
    this.durable = new DurableLog(store, effects, new DurableHost());
    this.machine = new TaskMachine(table, effects, timers, listener, watchers, workers, durable);
    this.rateLimits = new RateLimits(store.rateLimits(), effects);
    List<AssignmentGate> allGates = new ArrayList<>(gates);
    allGates.add(rateLimits);
    this.assignment = new Assignment(workers, table, effects, timers, listener, allGates, new Assignment.Outcomes() {
      @Override
      public void executionTimedOut(TaskState task, String reason) {
        machine.executionTimedOut(task, reason);
      }

      @Override
      public void lost(TaskState task) {
        machine.requeueLost(task);
      }
    });
    this.concurrency = new ConcurrencyQueues(assignment, table, effects,
        (task, why) -> machine.cancelTask(task, why, true));
    machine.use(assignment, concurrency);
    this.dag = new DagConditions(effects, machine);
    machine.use(dag);
    this.registry = new WorkerRegistry(workers, store, effects, timers, machine);
    this.launcher = new RunLauncher(table, catalog, effects, listener, machine);
    this.filters = new EventFilters(store, effects);
    this.events = new EventIngest(store, catalog, effects, listener, launcher, durable, filters);
    this.reads = new ReadModel(table, workers, store);
    this.stored = new StoredRuns(store);
    this.logs = new TaskLogs(table, store, effects, watchers);
    this.triggers = new Triggers(store, effects, catalog, (tenantId, spec) -> trigger(tenantId, List.of(spec)).get(0));
  }

  // ---------------------------------------------------------------- restart

  /**
   * Rebuilds the state from the store. Tasks that were on a worker go back to the queue with a new
   * attempt number: their worker belonged to the previous engine process.
   */
  void load() {
    Set<String> deleted = new HashSet<>();
    store.deletedWorkflows().values().forEach(d -> deleted.add(d.workflowId()));
    for (WorkflowVersionRecord version : store.workflowVersions().values()) {
      if (deleted.contains(version.workflowId())) {
        catalog.loadDeleted(version);
      } else {
        catalog.load(version);
      }
    }
    filters.load();
    registry.load();
    rateLimits.load();
    // Finished runs stay in the store, read back when asked for; only unfinished ones are loaded.
    List<TaskRunRecord> taskRecords = new ArrayList<>();
    for (TenantRecord tenant : store.tenants().values()) {
      for (String runId : store.runIndex().unfinishedRuns(tenant.id())) {
        WorkflowRunRecord record = store.workflowRuns().get(runId).orElse(null);
        RunState run = record == null ? null : table.restore(record);
        if (run == null) {
          continue;
        }
        table.addRun(run);
        for (String taskId : store.runIndex().taskIdsOf(runId)) {
          store.taskRuns().get(taskId).ifPresent(taskRecords::add);
        }
      }
    }
    taskRecords.sort(Comparator.comparing(r -> r.queuedAtMs() == null ? r.createdAtMs() : r.queuedAtMs()));
    int requeued = 0;
    List<TaskState> loaded = new ArrayList<>();
    for (TaskRunRecord record : taskRecords) {
      RunState run = table.run(record.workflowRunId());
      TaskState task = run == null ? null : table.restoreTask(run, record);
      if (task == null) {
        continue;
      }
      loaded.add(task);
      switch (task.status) {
        case ASSIGNED:
        case RUNNING:
          task.workerId = null;
          task.retryCount++;
          machine.queue(task);
          requeued++;
          break;
        case QUEUED:
        case BACKOFF:
          machine.queue(task);
          break;
        default:
          break;
      }
    }
    dag.load(loaded);
    for (RunState run : new ArrayList<RunState>(asList(table.runs()))) {
      machine.settleRun(run);
    }
    logs.load();
    triggers.load();
    durable.load(loaded);
    if (!table.isEmpty()) {
      log.info("loaded {} unfinished workflow run(s); {} task(s) that were on workers are queued again", table.size(),
          requeued);
    }
  }

  private static List<RunState> asList(Iterable<RunState> runs) {
    List<RunState> list = new ArrayList<>();
    runs.forEach(list::add);
    return list;
  }

  // ---------------------------------------------------------------- workflows

  WorkflowVersionRecord putWorkflow(String tenantId, WorkflowSpec spec) {
    WorkflowVersionRecord version = catalog.prepare(tenantId, spec, effects.nowMs());
    if (catalog.version(version.id()).isEmpty()) {
      store.workflowVersions().put(version.id(), version);
      catalog.load(version);
      log.info("registered workflow {} version {} for tenant {}", spec.name(), version.order(), tenantId);
    }
    triggers.syncDeclared(version);
    filters.syncDeclared(version);
    return version;
  }

  /**
   * Deletes a workflow as upstream soft-deletes one: it is no longer listed or triggered, its crons,
   * pending schedules and filters go, and its runs stay.
   */
  void deleteWorkflow(String tenantId, String workflowId) {
    WorkflowVersionRecord latest = catalog.latestById(tenantId, workflowId)
        .orElseThrow(() -> EngineException.notFound("workflow " + workflowId + " not found"));
    store.deletedWorkflows().put(workflowId, new DeletedWorkflowRecord(workflowId, tenantId, effects.nowMs()));
    catalog.forget(latest);
    triggers.removeWorkflow(tenantId, workflowId);
    filters.removeWorkflow(tenantId, workflowId);
    log.info("deleted workflow {} of tenant {}", latest.name(), tenantId);
  }

  /** Event filters, for the REST API. */
  EventFilters filters() {
    return filters;
  }

  /** The workflow a REST path names: exactly, else ignoring case. */
  WorkflowVersionRecord workflowNamed(String tenantId, String name) {
    return catalog.latestIgnoringCase(tenantId, name)
        .orElseThrow(() -> EngineException.notFound("workflow " + name + " not found"));
  }

  Optional<WorkflowVersionRecord> workflowById(String tenantId, String workflowId) {
    return catalog.latestById(tenantId, workflowId);
  }

  List<WorkflowVersionRecord> workflows(String tenantId) {
    return catalog.workflows(tenantId);
  }

  // ---------------------------------------------------------------- runs

  List<String> trigger(String tenantId, List<TriggerSpec> specs) {
    return launcher.trigger(tenantId, specs);
  }

  List<EventRecord> pushEvents(String tenantId, List<EventSpec> specs) {
    List<EventRecord> pushed = events.pushEvents(tenantId, specs);
    pushed.forEach(dag::onEvent);
    return pushed;
  }

  List<String> cancel(String tenantId, List<String> ids) {
    return machine.cancel(tenantId, ids);
  }

  /** Cancels every unfinished run the filter selects; returns the task runs cancelled. */
  List<String> cancel(String tenantId, RunFilter filter) {
    List<String> ids = new ArrayList<>();
    for (RunView view : stored.all(tenantId, filter)) {
      if (!view.status().isTerminal()) {
        ids.add(view.id());
      }
    }
    return ids.isEmpty() ? List.of() : cancel(tenantId, ids);
  }

  List<String> replay(String tenantId, List<String> ids) {
    return machine.replay(tenantId, ids);
  }

  /** Replays every finished run the filter selects; returns the task runs queued again. */
  List<String> replay(String tenantId, RunFilter filter) {
    List<String> ids = new ArrayList<>();
    for (RunView view : stored.all(tenantId, filter)) {
      if (view.status().isTerminal()) {
        ids.add(view.id());
      }
    }
    return ids.isEmpty() ? List.of() : replay(tenantId, ids);
  }

  /**
   * Calls {@code watcher} with the run once it is finished. Returns how to stop watching, or
   * empty if the tenant has no such run: a watcher cannot learn about other tenants' runs.
   */
  Optional<Runnable> watchFinish(String tenantId, String runId, Consumer<RunView> watcher) {
    String id = Ids.canonicalOrNull(runId);
    RunState run = id == null ? null : table.run(id);
    if (run == null || !run.tenantId.equals(tenantId)) {
      return Optional.empty();
    }
    return Optional.of(watchers.watchFinish(run, watcher));
  }

  /**
   * Subscribes to a run's events; empty for a finished run, whose stream upstream closes at once
   * with no events.
   */
  Optional<Runnable> subscribeEvents(String tenantId, String runId, Consumer<RunEvent> subscriber) {
    RunState run = table.requireRun(tenantId, runId);
    if (run.status.isTerminal()) {
      return Optional.empty();
    }
    return Optional.of(watchers.subscribeEvents(run.id, subscriber));
  }

  // ---------------------------------------------------------------- workers and tasks

  WorkerRecord registerWorker(String tenantId, WorkerSpec spec) {
    return registry.register(tenantId, spec);
  }

  String openListener(String tenantId, String workerId, ActionSink sink) {
    return registry.openListener(tenantId, workerId, sink);
  }

  void closeListener(String workerId, String sessionId) {
    registry.closeListener(workerId, sessionId);
  }

  void heartbeat(String tenantId, String workerId) {
    registry.heartbeat(tenantId, workerId);
  }

  WorkerRecord unsubscribe(String tenantId, String workerId) {
    return registry.unsubscribe(tenantId, workerId);
  }

  WorkerRecord upsertLabels(String tenantId, String workerId, Map<String, LabelValue> labels) {
    return registry.upsertLabels(tenantId, workerId, labels);
  }

  void putRateLimit(String tenantId, String key, int limit, String window) {
    rateLimits.put(tenantId, key, limit, window);
  }

  List<RateLimitRecord> rateLimits(String tenantId) {
    return rateLimits.list(tenantId);
  }

  WorkerView pauseWorker(String tenantId, String workerId, boolean paused) {
    return registry.pause(tenantId, workerId, paused);
  }

  void stepEvent(String tenantId, StepEvent event) {
    machine.stepEvent(tenantId, event);
  }

  long refreshTimeout(String tenantId, String taskRunId, Duration increment) {
    return machine.refreshTimeout(tenantId, taskRunId, increment);
  }

  /** Frees the task's slot on its worker while the task keeps running. */
  void releaseSlot(String tenantId, String taskRunId) {
    assignment.releaseSlot(table.requireTask(tenantId, taskRunId));
  }

  /** Gives queued tasks to workers with free slots, highest priority first. */
  void assignQueued() {
    concurrency.settle();
    assignment.assignQueued();
  }

  void putLog(String tenantId, LogSpec spec) {
    logs.put(tenantId, spec);
  }

  List<LogRecord> logs(String tenantId, String taskRunId) {
    return logs.of(tenantId, taskRunId);
  }

  Map<String, List<LogRecord>> logs(String tenantId, List<String> taskRunIds) {
    return logs.of(tenantId, taskRunIds);
  }

  void streamEvent(String tenantId, String taskRunId, String payload, @Nullable Long eventIndex, long createdAtMs) {
    logs.stream(tenantId, taskRunId, payload, eventIndex, createdAtMs);
  }

  // ---------------------------------------------------------------- reads

  WorkerView workerView(String tenantId, String workerId) {
    return reads.worker(tenantId, workerId);
  }

  List<WorkerView> workerViews(String tenantId) {
    return reads.workers(tenantId);
  }

  // ---------------------------------------------------------------- schedules and crons

  List<ScheduleRecord> schedule(String tenantId, ScheduleRequest request) {
    return triggers.schedule(tenantId, request);
  }

  List<ScheduleRecord> schedules(String tenantId) {
    return triggers.schedules(tenantId);
  }

  ScheduleRecord scheduleById(String tenantId, String id) {
    return triggers.requireSchedule(tenantId, id);
  }

  ScheduleRecord reschedule(String tenantId, String id, long triggerAtMs) {
    return triggers.reschedule(tenantId, id, triggerAtMs);
  }

  void deleteSchedule(String tenantId, String id) {
    triggers.deleteSchedule(tenantId, id);
  }

  CronRecord createCron(String tenantId, Triggers.CronSpec spec) {
    return triggers.createCron(tenantId, spec);
  }

  List<CronRecord> crons(String tenantId) {
    return triggers.crons(tenantId);
  }

  CronRecord cronById(String tenantId, String id) {
    return triggers.requireCron(tenantId, id);
  }

  void deleteCron(String tenantId, String id) {
    triggers.deleteCron(tenantId, id);
  }

  // ---------------------------------------------------------------- retention

  /** Unfinished runs plus the recently finished ones kept at hand. */
  int runsInMemory() {
    return table.size() + table.finishedInMemory();
  }

  /**
   * Deletes at most {@code max} finished runs and events created before {@code cutoffMs}, with
   * everything that belongs to them; returns how many it deleted. Unfinished runs stay.
   */
  int deleteBefore(long cutoffMs, int max) {
    int deleted = 0;
    for (TenantRecord tenant : store.tenants().values()) {
      for (String runId : store.runIndex().finishedBefore(tenant.id(), cutoffMs, max - deleted)) {
        if (table.deleteFinished(runId)) {
          deleted++;
        }
      }
      for (String eventId : store.runIndex().eventsBefore(tenant.id(), cutoffMs, max - deleted)) {
        store.events().remove(eventId);
        deleted++;
      }
    }
    return deleted;
  }

  // ---------------------------------------------------------------- durable tasks

  String openDurableSession(String tenantId, String workerId, DurableSink sink) {
    workers.require(tenantId, Ids.require(workerId, "worker id"));
    return durable.openSession(tenantId, workerId, sink);
  }

  void closeDurableSession(String sessionId) {
    durable.closeSession(sessionId);
  }

  void durableWaitFor(String tenantId, DurableSink sink, DurableWait wait) {
    durable.waitFor(tenantId, sink, wait);
  }

  void durableWorkerStatus(String tenantId, DurableSink sink, List<DurableWait.Awaited> awaited) {
    durable.workerStatus(tenantId, sink, awaited);
  }

  void durableMemo(String tenantId, DurableSink sink, String taskRunId, int invocation, byte[] key, @Nullable byte[] value) {
    durable.memo(tenantId, sink, taskRunId, invocation, key, value);
  }

  void durableCompleteMemo(String tenantId, String taskRunId, long nodeId, byte[] value) {
    durable.completeMemo(tenantId, taskRunId, nodeId, value);
  }

  void durableTriggerRuns(String tenantId, DurableSink sink, String taskRunId, int invocation, List<TriggerSpec> specs) {
    durable.triggerRuns(tenantId, sink, taskRunId, invocation, specs);
  }

  void durableEvict(String tenantId, DurableSink sink, String taskRunId, int invocation) {
    durable.evict(tenantId, sink, taskRunId, invocation);
  }

  /** Queues an evicted durable task again at once; returns whether it was evicted. */
  boolean restoreEvicted(String tenantId, String taskRunId) {
    return machine.restoreEvicted(tenantId, taskRunId);
  }

  /** What the durable log may do to tasks. */
  private final class DurableHost implements DurableLog.Host {
    @Override
    @Nullable
    public TaskState task(String taskRunId) {
      return table.task(taskRunId);
    }

    @Override
    public void evict(TaskState task) {
      machine.evict(task);
    }

    @Override
    public void wake(TaskState task) {
      machine.wake(task);
    }

    @Override
    @Nullable
    public RunState run(String runId) {
      return table.run(runId);
    }

    @Override
    public String startChild(String tenantId, TriggerSpec spec) {
      return trigger(tenantId, List.of(spec)).get(0);
    }
  }
}
