package io.hatchet4j.engine.internal.runs;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.model.WorkerRecord;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's single scheduler thread and the asynchronous API the protocol layers call.
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
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
  /** Commands per batch: large enough to group commits under load, small enough to stay responsive. */
  private static final int MAX_BATCH = 256;
  private static final Command STOP = new Command(() -> {}, null);

  /** Runs and events a retention step deletes at most before other commands get their turn. */
  private static final int SWEEP_CHUNK = 500;

  private final EngineStore store;
  private final EngineTime time;
  private final Scheduler scheduler;
  private final StoredRuns stored;
  private final RunListener listener;
  private final Duration retention;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final ScheduledExecutorService maintenance =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hatchet4j-engine-retention"));
  private final BlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
  private final EngineTime.Timers timers;
  private final Thread thread;
  private final Map<String, TenantRecord> tenants = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile boolean accepting = true;
  /** Why the loop stopped for good, if an error it cannot survive stopped it. */
  @Nullable private volatile Throwable fatalError;

  // Confined to the scheduler thread.
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Reply<?>> replies = new ArrayList<>();
  private boolean assignmentRequested;

  private Orchestrator(EngineStore store, EngineSettings settings, EngineTime time, RunListener listener) {
    this.store = requireNonNull(store, "store");
    this.time = requireNonNull(time, "time");
    this.scheduler = new Scheduler(store, new LoopEffects(), requireNonNull(settings, "settings"),
        requireNonNull(listener, "listener"));
    this.stored = new StoredRuns(store);
    this.listener = listener;
    this.retention = settings.retention();
    this.timers = time.open(this::settled);
    this.thread = daemon(this::runLoop, "hatchet4j-engine-scheduler");
    store.tenants().values().forEach(t -> tenants.put(t.id(), t));
  }

  /** Loads the store's state and starts the scheduler thread. The orchestrator owns the store from now on. */
  public static Orchestrator start(EngineStore store, EngineSettings settings, EngineTime time) {
    return start(store, settings, time, RunListener.NONE);
  }

  /** Same, with a listener that hears about runs, tasks and events on the scheduler thread. */
  public static Orchestrator start(EngineStore store, EngineSettings settings, EngineTime time, RunListener listener) {
    Orchestrator orchestrator = new Orchestrator(store, settings, time, listener);
    orchestrator.thread.start();
    orchestrator.call(() -> {
      orchestrator.scheduler.load();
      return null;
    }).join();
    orchestrator.armRetention();
    return orchestrator;
  }

  // ---------------------------------------------------------------- retention

  /** Sweeps now and then: every tenth of the retention period, at least every hour, at most every second. */
  private void armRetention() {
    long interval = Math.max(1000, Math.min(Duration.ofHours(1).toMillis(), retention.toMillis() / 10));
    // Sweeps are housekeeping, paced by the wall clock; the cutoff is the engine's time, so a test on
    // virtual time moves it and calls sweepRetention(), and no sweep timer sits among its timers.
    try {
      maintenance.scheduleWithFixedDelay(() -> {
        if (sweeping.compareAndSet(false, true)) {
          sweepRetention().whenComplete((deleted, error) -> sweeping.set(false));
        }
      }, interval, interval, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down.
    }
  }

  /**
   * Deletes the finished runs and the events created more than the retention period ago, with
   * their tasks, logs, durable event logs and traces, and gives their space back. Unfinished runs
   * stay whatever their age. Completes with how many runs and events it deleted.
   */
  public CompletableFuture<Integer> sweepRetention() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    long cutoff = time.nowMs() - retention.toMillis();
    if (!post(() -> sweepStep(cutoff, 0, done))) {
      done.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return done;
  }

  /** Deletes a chunk; posts the next one behind the commands that came meanwhile. */
  private void sweepStep(long cutoffMs, int deletedBefore, CompletableFuture<Integer> done) {
    int deleted;
    try {
      deleted = scheduler.deleteBefore(cutoffMs, SWEEP_CHUNK);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    int total = deletedBefore + deleted;
    if (deleted >= SWEEP_CHUNK && post(() -> sweepStep(cutoffMs, total, done))) {
      return;
    }
    try {
      listener.retentionCutoff(cutoffMs);
      if (total > 0) {
        store.reclaimSpace();
        log.info("retention: deleted {} run(s) and event(s) created before {}", total,
            java.time.Instant.ofEpochMilli(cutoffMs));
      }
    } catch (RuntimeException e) {
      log.warn("retention: could not reclaim space", e);
    }
    afterCommit.add(() -> done.complete(total));
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
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

  /** Sends the run's events to {@code subscriber} (on the scheduler thread) until the run ends. */
  public CompletableFuture<Subscription> subscribeEvents(String tenantId, String runId, Consumer<RunEvent> subscriber) {
    return call(() -> subscription(scheduler.subscribeEvents(tenantId, runId, subscriber)));
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

  // ---------------------------------------------------------------- durable tasks

  /** Opens a worker's durable task stream; completes with the session id for {@link #closeDurableSession}. */
  public CompletableFuture<String> openDurableSession(String tenantId, String workerId, DurableSink sink) {
    return call(() -> scheduler.openDurableSession(tenantId, workerId, sink));
  }

  public void closeDurableSession(String sessionId) {
    post(() -> scheduler.closeDurableSession(sessionId));
  }

  /** Records a wait; the answers (ack, completion or error) go to {@code sink}. */
  public void durableWaitFor(String tenantId, DurableSink sink, DurableWait wait) {
    post(() -> scheduler.durableWaitFor(tenantId, sink, wait));
  }

  /** Re-sends the completions of the listed entries that are complete. */
  public void durableWorkerStatus(String tenantId, DurableSink sink, List<DurableWait.Awaited> awaited) {
    List<DurableWait.Awaited> copy = List.copyOf(awaited);
    post(() -> scheduler.durableWorkerStatus(tenantId, sink, copy));
  }

  /** Records a memo (with its value, if given) and acks it, with the stored value on a replay. */
  public void durableMemo(String tenantId, DurableSink sink, String taskRunId, int invocation, byte[] key,
      @Nullable byte[] value) {
    post(() -> scheduler.durableMemo(tenantId, sink, taskRunId, invocation, key, value));
  }

  public void durableCompleteMemo(String tenantId, String taskRunId, long nodeId, byte[] value) {
    post(() -> scheduler.durableCompleteMemo(tenantId, taskRunId, nodeId, value));
  }

  /** Starts child runs as entries of a durable task's log; each entry completes with its run's result. */
  public void durableTriggerRuns(String tenantId, DurableSink sink, String taskRunId, int invocation,
      List<TriggerSpec> specs) {
    List<TriggerSpec> copy = List.copyOf(specs);
    post(() -> scheduler.durableTriggerRuns(tenantId, sink, taskRunId, invocation, copy));
  }

  public void durableEvict(String tenantId, DurableSink sink, String taskRunId, int invocation) {
    post(() -> scheduler.durableEvict(tenantId, sink, taskRunId, invocation));
  }

  /** Queues an evicted durable task at once; completes with whether it was evicted. */
  public CompletableFuture<Boolean> restoreEvicted(String tenantId, String taskRunId) {
    return call(() -> scheduler.restoreEvicted(tenantId, taskRunId));
  }

  // ---------------------------------------------------------------- health

  /**
   * Whether the engine can serve: the loop runs and answers a no-op command within
   * {@code deadline}. Blocks for at most that long; safe from any thread but the loop's.
   */
  public Readiness readiness(Duration deadline) {
    Throwable fatal = fatalError;
    if (fatal != null) {
      return new Readiness(false, "the scheduler loop stopped after an error it cannot survive: " + fatal);
    }
    if (!accepting || !thread.isAlive()) {
      return new Readiness(false, "the engine is shutting down");
    }
    try {
      ping().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return new Readiness(true, "ok");
    } catch (TimeoutException e) {
      return new Readiness(false, "the scheduler loop did not answer within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Readiness(false, "interrupted while asking the scheduler loop");
    } catch (ExecutionException e) {
      return new Readiness(false, "the scheduler loop did not answer: " + e.getCause().getMessage());
    }
  }

  /** Completes once the loop has taken a no-op command off its queue. */
  public CompletableFuture<Void> ping() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    if (!post(new Command(() -> future.complete(null), future))) {
      future.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return future;
  }

  /** Completes when the loop has stopped, after a shutdown or an error it could not survive. */
  public CompletableFuture<Void> stopped() {
    return terminated.handle((v, e) -> null);
  }

  /**
   * Whether the engine can serve, and if not, why.
   *
   * @param ready whether the scheduler loop runs and answers
   * @param detail {@code ok}, or what is wrong
   */
  public record Readiness(boolean ready, String detail) {}

  // ---------------------------------------------------------------- time

  /** The engine's current time in epoch milliseconds, for timestamps the protocol layers fill in. */
  public long nowMs() {
    return time.nowMs();
  }

  /**
   * Completes once every command posted before this call has run, been committed and had its
   * after-commit effects run (messages to workers and subscribers); at once exceptionally when
   * shutting down. Virtual clocks wait on it after firing a timer.
   */
  private CompletableFuture<Void> settled() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // After-commit effects run in the order they were added, so this one runs after those of the
    // commands before it.
    if (!post(() -> afterCommit.add(() -> done.complete(null)))) {
      done.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return done;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Stops accepting commands, finishes the queued ones, commits and closes the store. Waits at
   * most {@code timeout}.
   */
  public void shutdown(Duration timeout) {
    if (accepting) {
      accepting = false;
      timers.close();
      maintenance.shutdownNow();
      inbox.add(STOP);
    }
    try {
      terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("scheduler did not stop within {}", timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("scheduler stopped with an error", e.getCause());
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }

  // ---------------------------------------------------------------- the loop

  private boolean post(Runnable command) {
    return post(new Command(command, null));
  }

  private boolean post(Command command) {
    if (!accepting) {
      return false;
    }
    inbox.add(command);
    if (terminated.isDone()) {
      // The loop ended between the check and the add: make sure no caller waits forever.
      failQueued();
    }
    return true;
  }

  /** Runs {@code body} on the loop; package-private so tests can hand the loop any command. */
  <T> CompletableFuture<T> call(Supplier<T> body) {
    CompletableFuture<T> future = new CompletableFuture<>();
    boolean posted = post(new Command(() -> {
      T value;
      try {
        value = body.get();
      } catch (RuntimeException e) {
        // Expected errors and bugs alike go back to the caller, whose protocol layer logs bugs.
        future.completeExceptionally(e);
        return;
      } catch (Throwable e) {
        // An Error: logged here once, answered as INTERNAL; the loop survives it unless it is fatal.
        future.completeExceptionally(internalError(e));
        throw e;
      }
      replies.add(new Reply<>(future, value));
    }, future));
    if (!posted) {
      future.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return future;
  }

  private static EngineException internalError(Throwable error) {
    return EngineException.internal("internal engine error: " + error.getClass().getName(), null);
  }

  private void runLoop() {
    try {
      boolean stopping = false;
      while (!stopping) {
        Command command = inbox.take();
        int done = 0;
        while (command != null) {
          if (command == STOP) {
            // Finish what was queued before the stop; nothing new can arrive now.
            stopping = true;
          } else {
            runSafely(command.body());
          }
          done++;
          command = stopping || done < MAX_BATCH ? inbox.poll() : null;
        }
        finishBatch();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      // Only an error the loop must not survive gets here (see runSafely).
      fatalError = e;
      accepting = false;
      log.error("the scheduler loop stopped: the engine cannot serve until it is restarted", e);
      for (Reply<?> reply : replies) {
        reply.future().completeExceptionally(EngineException.unavailable("the engine stopped: " + e));
      }
      replies.clear();
      failQueued();
    } finally {
      try {
        store.close();
      } catch (RuntimeException e) {
        log.error("could not close the engine store", e);
      }
      terminated.complete(null);
      // Commands posted while the loop was ending will not run: their callers hear so.
      failQueued();
    }
  }

  private void finishBatch() {
    if (assignmentRequested) {
      assignmentRequested = false;
      runSafely(scheduler::assignQueued);
    }
    RuntimeException commitFailure = null;
    try {
      store.commit();
    } catch (RuntimeException e) {
      log.error("could not commit engine state", e);
      commitFailure = e;
    }
    for (Reply<?> reply : replies) {
      reply.complete(commitFailure);
    }
    replies.clear();
    List<Runnable> effects = new ArrayList<>(afterCommit);
    afterCommit.clear();
    effects.forEach(Orchestrator::runSafely);
  }

  /**
   * Runs one command and survives whatever it throws: bugs and errors such as a stack overflow are
   * logged, once, and the loop goes on. Only a {@link VirtualMachineError} other than a stack
   * overflow (out of memory, an internal JVM error) is passed on: it stops the loop, and readiness
   * says so.
   */
  private static void runSafely(Runnable command) {
    try {
      command.run();
    } catch (RuntimeException e) {
      log.error("engine command failed", e);
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw e;
      }
      log.error("engine command failed with {}; the engine goes on", e, e);
    }
  }

  /** Fails every queued command's caller; for when the loop will not run them. */
  private void failQueued() {
    List<Command> left = new ArrayList<>();
    inbox.drainTo(left);
    for (Command command : left) {
      if (command.future() != null) {
        command.future().completeExceptionally(EngineException.unavailable(
            fatalError == null ? "the engine is shutting down" : "the engine stopped: " + fatalError));
      }
    }
  }

  /** A unit of work for the loop, and the caller's future if one waits for it. */
  private record Command(Runnable body, @Nullable CompletableFuture<?> future) {}

  private record Reply<T>(CompletableFuture<T> future, T value) {
    void complete(@Nullable RuntimeException commitFailure) {
      if (commitFailure == null) {
        future.complete(value);
      } else {
        future.completeExceptionally(EngineException.unavailable("could not store the change: " + commitFailure.getMessage()));
      }
    }
  }

  /** The loop's side of {@link Effects}; only used on the scheduler thread. */
  private final class LoopEffects implements Effects {
    @Override
    public long nowMs() {
      return time.nowMs();
    }

    @Override
    public void afterCommit(Runnable action) {
      afterCommit.add(action);
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
