package io.hatchet4j.engine.internal.runs;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.FilterRecord;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.RateLimitRecord;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.model.WorkerRecord;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * The asynchronous API the protocol layers call, over the engine's single scheduler thread ({@link
 * CommandLoop}).
 *
 * <p>Not public API. Thread-safe: every method may be called from any thread. Each call becomes a
 * command on the scheduler thread, which runs commands in small batches, then runs an assignment
 * pass if anything asked for one, commits the store, and only then completes the callers' futures
 * and sends messages to workers and subscribers. So nothing is acknowledged before it is durable,
 * and state changes never race. Timers post commands onto the same thread; the clock and timers come
 * from an {@link EngineTime}, so tests can move the engine's time by hand.
 *
 * <p>Futures complete on the scheduler thread: callers must not block in their continuations.
 */
public final class Orchestrator implements AutoCloseable {
  private final EngineStore store;
  private final EngineTime time;
  private final Scheduler scheduler;
  private final StoredRuns stored;
  private final Retention retention;
  private final CommandLoop loop;
  private final DurableTasks durableTasks;
  private final EngineTime.Timers timers;
  private final Map<String, TenantRecord> tenants = new ConcurrentHashMap<>();
  // Confined to the scheduler thread.
  private boolean assignmentRequested;
  private boolean assignedInBatch;

  private Orchestrator(EngineStore store, EngineSettings settings, EngineTime time, RunListener listener,
      BatchObserver batches) {
    this.store = requireNonNull(store, "store");
    this.time = requireNonNull(time, "time");
    this.scheduler = new Scheduler(store, new LoopEffects(), requireNonNull(settings, "settings"),
        requireNonNull(listener, "listener"));
    this.stored = new StoredRuns(store);
    this.loop = new CommandLoop("hatchet4j-engine-scheduler", store, this::assignIfRequested,
        requireNonNull(batches, "batches"), this::takeAssignedInBatch);
    this.durableTasks = new DurableTasks(loop, scheduler);
    this.timers = time.open(loop::settled);
    this.retention = new Retention(loop, scheduler, store, listener, time, settings.retention());
    store.tenants().values().forEach(t -> tenants.put(t.id(), t));
  }

  /** Loads the store's state and starts the scheduler thread. The orchestrator owns the store from now on. */
  public static Orchestrator start(EngineStore store, EngineSettings settings, EngineTime time) {
    return start(store, settings, time, RunListener.NONE);
  }

  /** Same, with a listener that hears about runs, tasks and events on the scheduler thread. */
  public static Orchestrator start(EngineStore store, EngineSettings settings, EngineTime time, RunListener listener) {
    return start(store, settings, time, listener, BatchObserver.NONE);
  }

  /** Same, with an observer that hears about each batch of the scheduler loop (the engine's own traces). */
  public static Orchestrator start(EngineStore store, EngineSettings settings, EngineTime time, RunListener listener,
      BatchObserver batches) {
    Orchestrator orchestrator = new Orchestrator(store, settings, time, listener, batches);
    orchestrator.loop.start();
    orchestrator.call(() -> {
      orchestrator.scheduler.load();
      return null;
    }).join();
    orchestrator.retention.start();
    return orchestrator;
  }

  // ---------------------------------------------------------------- retention

  /**
   * Deletes the finished runs and the events created more than the retention period ago, with
   * their tasks, logs, durable event logs and traces, and gives their space back. Unfinished runs
   * stay whatever their age. Completes with how many runs and events it deleted.
   */
  public CompletableFuture<Integer> sweepRetention() {
    return retention.sweep();
  }


  // ---------------------------------------------------------------- tenants

  /** Whether a tenant exists; cheap and safe from any thread (the auth check of every call). */
  public boolean tenantExists(String tenantId) {
    return tenants.containsKey(tenantId);
  }

  public Optional<TenantRecord> tenant(String tenantId) {
    return Optional.ofNullable(tenants.get(tenantId));
  }

  /** The oldest tenant, created as "default" if there is none yet. */
  public TenantRecord defaultTenant() {
    return tenants.values().stream()
        .min(Comparator.comparingLong(TenantRecord::createdAtMs).thenComparing(TenantRecord::id))
        .orElseGet(() -> createTenant("default").join());
  }

  public CompletableFuture<TenantRecord> createTenant(String name) {
    requireNonNull(name, "name");
    return call(() -> {
      TenantRecord tenant = new TenantRecord(Ids.newId(), name, time.nowMs());
      store.tenants().put(tenant.id(), tenant);
      tenants.put(tenant.id(), tenant);
      return tenant;
    });
  }

  // ---------------------------------------------------------------- workflows and runs

  public CompletableFuture<WorkflowVersionRecord> putWorkflow(String tenantId, WorkflowSpec spec) {
    return call(() -> scheduler.putWorkflow(tenantId, spec));
  }

  /** Starts runs; ids come back in request order. Nothing is created if any spec is invalid. */
  public CompletableFuture<List<String>> trigger(String tenantId, List<TriggerSpec> specs) {
    List<TriggerSpec> copy = List.copyOf(specs);
    return call(() -> scheduler.trigger(tenantId, copy));
  }

  public CompletableFuture<List<EventRecord>> pushEvents(String tenantId, List<EventSpec> specs) {
    List<EventSpec> copy = List.copyOf(specs);
    return call(() -> scheduler.pushEvents(tenantId, copy));
  }

  /** Cancels task runs or workflow runs by id; returns the ids of the task runs cancelled. */
  public CompletableFuture<List<String>> cancel(String tenantId, List<String> ids) {
    List<String> copy = List.copyOf(ids);
    return call(() -> scheduler.cancel(tenantId, copy));
  }

  /** A run as stored; read on the calling thread, not the scheduler's. */
  public CompletableFuture<RunView> runView(String tenantId, String runId) {
    return read(() -> {
      String id = Ids.require(runId, "workflow run id");
      return stored.run(tenantId, id).orElseThrow(() -> EngineException.notFound("workflow run " + id + " not found"));
    });
  }

  /** Every run of the tenant, newest first; read on the calling thread. For tests: use {@link #stored()} to page. */
  public CompletableFuture<List<RunView>> runViews(String tenantId) {
    return read(() -> stored.all(tenantId, RunFilter.ALL));
  }

  /** How many runs the scheduler holds in memory: the unfinished ones and a few recently finished. */
  public CompletableFuture<Integer> runsInMemory() {
    return call(scheduler::runsInMemory);
  }

  /** Runs, tasks, logs and events as stored, to read on any thread without the scheduler. */
  public StoredRuns stored() {
    return stored;
  }

  private static <T> CompletableFuture<T> read(Supplier<T> body) {
    try {
      return CompletableFuture.completedFuture(body.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Calls {@code watcher} (on the scheduler thread) once the run has finished, at once if it has.
   * Completes empty if the tenant has no such run.
   */
  public CompletableFuture<Optional<Subscription>> watchFinish(
      String tenantId, String runId, Consumer<RunView> watcher) {
    return call(() -> scheduler.watchFinish(tenantId, runId, watcher).map(this::subscription));
  }

  /**
   * Sends the run's events to {@code subscriber} (on the scheduler thread) until the run ends;
   * empty if the run has already ended.
   */
  public CompletableFuture<Optional<Subscription>> subscribeEvents(
      String tenantId, String runId, Consumer<RunEvent> subscriber) {
    return call(() -> scheduler.subscribeEvents(tenantId, runId, subscriber).map(this::subscription));
  }

  private Subscription subscription(Runnable cancel) {
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        post(cancel);
      }
    };
  }

  // ---------------------------------------------------------------- workers and tasks

  public CompletableFuture<WorkerRecord> registerWorker(String tenantId, WorkerSpec spec) {
    return call(() -> scheduler.registerWorker(tenantId, spec));
  }

  /** Opens a listen session; completes with its id, to pass to {@link #closeListener}. */
  public CompletableFuture<String> openListener(String tenantId, String workerId, ActionSink sink) {
    return call(() -> scheduler.openListener(tenantId, workerId, sink));
  }

  public void closeListener(String workerId, String sessionId) {
    post(() -> scheduler.closeListener(workerId, sessionId));
  }

  public CompletableFuture<Void> heartbeat(String tenantId, String workerId) {
    return call(() -> {
      scheduler.heartbeat(tenantId, workerId);
      return null;
    });
  }

  public CompletableFuture<WorkerRecord> unsubscribe(String tenantId, String workerId) {
    return call(() -> scheduler.unsubscribe(tenantId, workerId));
  }

  public CompletableFuture<WorkerRecord> upsertLabels(String tenantId, String workerId, Map<String, LabelValue> labels) {
    Map<String, LabelValue> copy = Map.copyOf(labels);
    return call(() -> scheduler.upsertLabels(tenantId, workerId, copy));
  }

  /** Declares or changes a tenant rate limit ({@code PutRateLimit}); {@code window} is SECOND ... YEAR. */
  public CompletableFuture<Void> putRateLimit(String tenantId, String key, int limit, String window) {
    return call(() -> {
      scheduler.putRateLimit(tenantId, key, limit, window);
      return null;
    });
  }

  /** The tenant's rate limits by key, windows that have run out shown refilled. */
  public CompletableFuture<List<RateLimitRecord>> rateLimits(String tenantId) {
    return call(() -> scheduler.rateLimits(tenantId));
  }

  public CompletableFuture<Void> stepEvent(String tenantId, StepEvent event) {
    return call(() -> {
      scheduler.stepEvent(tenantId, event);
      return null;
    });
  }

  /** Extends a running task's deadline; completes with the new deadline in epoch milliseconds. */
  public CompletableFuture<Long> refreshTimeout(String tenantId, String taskRunId, Duration increment) {
    return call(() -> scheduler.refreshTimeout(tenantId, taskRunId, increment));
  }

  public CompletableFuture<Void> releaseSlot(String tenantId, String taskRunId) {
    return call(() -> {
      scheduler.releaseSlot(tenantId, taskRunId);
      return null;
    });
  }

  public CompletableFuture<Void> putLog(String tenantId, LogSpec spec) {
    return call(() -> {
      scheduler.putLog(tenantId, spec);
      return null;
    });
  }

  /** A task run's log lines in the order they arrived. */
  public CompletableFuture<List<LogRecord>> logs(String tenantId, String taskRunId) {
    return read(() -> {
      String id = Ids.require(taskRunId, "task run id");
      return stored.logs(tenantId, id).orElseThrow(() -> EngineException.notFound("task run " + id + " not found"));
    });
  }

  public CompletableFuture<Void> streamEvent(
      String tenantId, String taskRunId, String payload, @Nullable Long eventIndex, long createdAtMs) {
    return call(() -> {
      scheduler.streamEvent(tenantId, taskRunId, payload, eventIndex, createdAtMs);
      return null;
    });
  }

  // ---------------------------------------------------------------- schedules and crons

  /** Schedules one run per time; the records come back in request order. */
  public CompletableFuture<List<ScheduleRecord>> schedule(String tenantId, ScheduleRequest request) {
    return call(() -> scheduler.schedule(tenantId, request));
  }

  /** The tenant's pending scheduled runs, soonest first. */
  public CompletableFuture<List<ScheduleRecord>> schedules(String tenantId) {
    return call(() -> scheduler.schedules(tenantId));
  }

  public CompletableFuture<ScheduleRecord> scheduleById(String tenantId, String id) {
    return call(() -> scheduler.scheduleById(tenantId, id));
  }

  public CompletableFuture<ScheduleRecord> reschedule(String tenantId, String id, long triggerAtMs) {
    return call(() -> scheduler.reschedule(tenantId, id, triggerAtMs));
  }

  public CompletableFuture<Void> deleteSchedule(String tenantId, String id) {
    return call(() -> {
      scheduler.deleteSchedule(tenantId, id);
      return null;
    });
  }

  public CompletableFuture<CronRecord> createCron(String tenantId, String workflowName, String name, String expression,
      @Nullable String input, @Nullable String additionalMetadata, @Nullable Integer priority) {
    Triggers.CronSpec spec = new Triggers.CronSpec(workflowName, name, expression, input, additionalMetadata, priority);
    return call(() -> scheduler.createCron(tenantId, spec));
  }

  public CompletableFuture<List<CronRecord>> crons(String tenantId) {
    return call(() -> scheduler.crons(tenantId));
  }

  public CompletableFuture<CronRecord> cronById(String tenantId, String id) {
    return call(() -> scheduler.cronById(tenantId, id));
  }

  public CompletableFuture<Void> deleteCron(String tenantId, String id) {
    return call(() -> {
      scheduler.deleteCron(tenantId, id);
      return null;
    });
  }

  // ---------------------------------------------------------------- REST reads and actions

  /** The newest version of the workflow a REST path names, matching the name exactly or else ignoring case. */
  public CompletableFuture<WorkflowVersionRecord> workflowNamed(String tenantId, String name) {
    return call(() -> scheduler.workflowNamed(tenantId, name));
  }

  public CompletableFuture<Optional<WorkflowVersionRecord>> workflowById(String tenantId, String workflowId) {
    return call(() -> scheduler.workflowById(tenantId, workflowId));
  }

  /** The newest version of each of the tenant's workflows. */
  public CompletableFuture<List<WorkflowVersionRecord>> workflows(String tenantId) {
    return call(() -> scheduler.workflows(tenantId));
  }

  /** The run a task run belongs to; NOT_FOUND if the tenant has no such task run. */
  public CompletableFuture<RunView> runViewOfTask(String tenantId, String taskRunId) {
    return read(() -> {
      String id = Ids.require(taskRunId, "task run id");
      return stored.runOfTask(tenantId, id).orElseThrow(() -> EngineException.notFound("task run " + id + " not found"));
    });
  }

  /** The tenant's runs the filter selects, newest first; read on the calling thread. */
  public CompletableFuture<List<RunView>> runViews(String tenantId, RunFilter filter) {
    return read(() -> stored.all(tenantId, filter));
  }

  /** A page of the runs the filter selects, newest first, with their total; read on the calling thread. */
  public CompletableFuture<StoredRuns.Page> runPage(String tenantId, RunFilter filter, long offset, int limit) {
    return read(() -> stored.page(tenantId, filter, offset, limit));
  }

  /** Cancels the unfinished runs the filter selects; returns the task runs cancelled. */
  public CompletableFuture<List<String>> cancel(String tenantId, RunFilter filter) {
    return call(() -> scheduler.cancel(tenantId, filter));
  }

  /** Runs finished runs or tasks again by id; returns the task runs queued again. */
  public CompletableFuture<List<String>> replay(String tenantId, List<String> ids) {
    List<String> copy = List.copyOf(ids);
    return call(() -> scheduler.replay(tenantId, copy));
  }

  public CompletableFuture<List<String>> replay(String tenantId, RunFilter filter) {
    return call(() -> scheduler.replay(tenantId, filter));
  }

  public CompletableFuture<WorkerView> worker(String tenantId, String workerId) {
    return call(() -> scheduler.workerView(tenantId, workerId));
  }

  public CompletableFuture<List<WorkerView>> workers(String tenantId) {
    return call(() -> scheduler.workerViews(tenantId));
  }

  /** Pauses (no new tasks) or resumes a worker. */
  public CompletableFuture<WorkerView> pauseWorker(String tenantId, String workerId, boolean paused) {
    return call(() -> scheduler.pauseWorker(tenantId, workerId, paused));
  }

  /** The tenant's events, newest first. */
  public CompletableFuture<List<EventView>> events(String tenantId) {
    return read(() -> stored.events(tenantId));
  }

  /** Log lines of several task runs, by task run id. */
  public CompletableFuture<Map<String, List<LogRecord>>> logs(String tenantId, List<String> taskRunIds) {
    return read(() -> {
      Map<String, List<LogRecord>> lines = new java.util.LinkedHashMap<>();
      for (String id : taskRunIds) {
        stored.logs(tenantId, id).ifPresent(l -> lines.put(id, l));
      }
      return lines;
    });
  }

  // ---------------------------------------------------------------- workflow deletion and event filters

  /** Deletes a workflow: no longer listed or triggered; its crons, schedules and filters go. */
  public CompletableFuture<Void> deleteWorkflow(String tenantId, String workflowId) {
    return call(() -> {
      scheduler.deleteWorkflow(tenantId, workflowId);
      return null;
    });
  }

  /** Creates an event filter of one of the tenant's workflows. */
  public CompletableFuture<FilterRecord> createFilter(String tenantId, String workflowId, String expression,
      String scope, @Nullable String payload) {
    return call(() -> {
      scheduler.workflowById(tenantId, workflowId)
          .orElseThrow(() -> EngineException.notFound("workflow " + workflowId + " not found"));
      return scheduler.filters().create(tenantId, workflowId, expression, scope, payload);
    });
  }

  public CompletableFuture<FilterRecord> filter(String tenantId, String filterId) {
    return call(() -> scheduler.filters().get(tenantId, filterId));
  }

  /** Changes the fields given (non-null) of a filter. */
  public CompletableFuture<FilterRecord> updateFilter(String tenantId, String filterId, @Nullable String expression,
      @Nullable String scope, @Nullable String payload) {
    return call(() -> scheduler.filters().update(tenantId, filterId, new EventFilters.Update(expression, scope, payload)));
  }

  public CompletableFuture<FilterRecord> deleteFilter(String tenantId, String filterId) {
    return call(() -> scheduler.filters().delete(tenantId, filterId));
  }

  /** The tenant's filters of these workflows and scopes (empty: any), newest first. */
  public CompletableFuture<List<FilterRecord>> filters(String tenantId, Set<String> workflowIds, Set<String> scopes) {
    Set<String> workflows = Set.copyOf(workflowIds);
    Set<String> scopeSet = Set.copyOf(scopes);
    return call(() -> scheduler.filters().list(tenantId, workflows, scopeSet));
  }

  // ---------------------------------------------------------------- durable tasks

  /** The durable task streams: waits, memos, children and eviction, each handled on the loop. */
  public DurableTasks durableTasks() {
    return durableTasks;
  }

  // ---------------------------------------------------------------- health

  /**
   * Whether the engine can serve: the loop runs and answers a no-op command within
   * {@code deadline}. Blocks for at most that long; safe from any thread but the loop's.
   */
  public Readiness readiness(Duration deadline) {
    return loop.readiness(deadline);
  }

  /** Completes once the loop has taken a no-op command off its queue. */
  public CompletableFuture<Void> ping() {
    return loop.ping();
  }

  /** Completes when the loop has stopped, after a shutdown or an error it could not survive. */
  public CompletableFuture<Void> stopped() {
    return loop.stopped();
  }

  // ---------------------------------------------------------------- time

  /** The engine's current time in epoch milliseconds, for timestamps the protocol layers fill in. */
  public long nowMs() {
    return time.nowMs();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Stops accepting commands, finishes the queued ones, commits and closes the store. Waits at
   * most {@code timeout}.
   */
  public void shutdown(Duration timeout) {
    if (loop.accepting()) {
      timers.close();
      retention.close();
    }
    loop.shutdown(timeout);
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }

  // ---------------------------------------------------------------- the loop

  private boolean post(Runnable command) {
    return loop.post(command);
  }

  /** Runs {@code body} on the loop; package-private so tests can hand the loop any command. */
  <T> CompletableFuture<T> call(Supplier<T> body) {
    return loop.call(body);
  }

  /** The assignment pass that ends a batch of commands, if one of them asked for it. */
  private void assignIfRequested() {
    if (assignmentRequested) {
      assignmentRequested = false;
      assignedInBatch = true;
      scheduler.assignQueued();
    }
  }

  private boolean takeAssignedInBatch() {
    boolean assigned = assignedInBatch;
    assignedInBatch = false;
    return assigned;
  }

  /** The loop's side of {@link Effects}; only used on the scheduler thread. */
  private final class LoopEffects implements Effects {
    @Override
    public long nowMs() {
      return time.nowMs();
    }

    @Override
    public void afterCommit(Runnable action) {
      loop.afterCommit(action);
    }

    @Override
    public void schedule(Duration delay, Runnable command) {
      timers.schedule(delay, () -> post(command));
    }

    @Override
    public void requestAssignment() {
      assignmentRequested = true;
    }
  }
}
