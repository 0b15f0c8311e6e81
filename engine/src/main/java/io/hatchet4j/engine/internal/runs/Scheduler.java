package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.checks.TriggerChecks;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.EventFilter;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.WorkerRecord;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import io.hatchet4j.engine.internal.traces.TraceIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of runs, tasks and workers, and the assignment of queued tasks to workers.
 *
 * <p>Confined to the scheduler thread: every method runs there, so no method needs a lock. Each
 * change is written through to the store at once; the loop commits before anyone hears of it.
 * Validation happens before the first change, so a rejected request leaves no trace.
 */
final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  /** Upstream's limit on runs per bulk trigger and events per bulk push. */
  static final int MAX_BULK_SIZE = 1000;
  /** Prefix of the metadata keys the engine sets itself. */
  static final String HATCHET_PREFIX = "hatchet__";
  private static final int DEFAULT_SLOTS = 100;

  private record ChildKey(String tenantId, String parentTaskRunId, String key) {}

  private final EngineStore store;
  private final Effects effects;
  private final EngineSettings settings;
  private final Catalog catalog = new Catalog();
  private final WorkerPool workers = new WorkerPool();
  private final ReadyQueue queue = new ReadyQueue();
  private final Watchers watchers;
  private final Map<String, RunState> runs = new LinkedHashMap<>();
  private final Map<String, TaskState> tasks = new HashMap<>();
  private final Map<ChildKey, String> childRuns = new HashMap<>();
  private final RunListener listener;
  private final Triggers triggers;
  private final DurableLog durable;
  private long nextLogSequence;

  Scheduler(EngineStore store, Effects effects, EngineSettings settings) {
    this(store, effects, settings, RunListener.NONE);
  }

  Scheduler(EngineStore store, Effects effects, EngineSettings settings, RunListener listener) {
    this.listener = listener;
    this.store = store;
    this.effects = effects;
    this.settings = settings;
    this.watchers = new Watchers(effects);
    this.triggers = new Triggers(store, effects, catalog, (tenantId, spec) -> trigger(tenantId, List.of(spec)).get(0));
    this.durable = new DurableLog(store, effects, new DurableHost());
  }

  // ---------------------------------------------------------------- restart

  /**
   * Rebuilds the state from the store. Tasks that were on a worker go back to the queue with a new
   * attempt number: their worker belonged to the previous engine process.
   */
  void load() {
    long now = effects.nowMs();
    store.workflowVersions().values().forEach(catalog::load);
    for (WorkerRecord record : store.workers().values()) {
      workers.add(new WorkerState(record, now));
    }
    for (WorkflowRunRecord record : store.workflowRuns().values()) {
      Optional<WorkflowVersionRecord> version = catalog.version(record.workflowVersionId());
      if (version.isEmpty()) {
        log.warn("skipping stored run {}: its workflow version {} is missing", record.id(), record.workflowVersionId());
        continue;
      }
      RunState run = new RunState(record, version.get());
      runs.put(run.id, run);
      indexChild(run);
    }
    List<TaskRunRecord> taskRecords = new ArrayList<>(store.taskRuns().values());
    taskRecords.sort(Comparator.comparing(r -> r.queuedAtMs() == null ? r.createdAtMs() : r.queuedAtMs()));
    int requeued = 0;
    for (TaskRunRecord record : taskRecords) {
      RunState run = runs.get(record.workflowRunId());
      if (run == null) {
        continue;
      }
      TaskSpec spec = record.onFailure() ? run.version.spec().onFailureTask() : findTask(run.version.spec(), record.readableId());
      if (spec == null) {
        log.warn("skipping stored task {}: its definition is missing", record.id());
        continue;
      }
      TaskState task = new TaskState(record.id(), run, spec, run.version.taskIds().get(spec.readableId()),
          record.onFailure(), record.createdAtMs());
      task.restore(record);
      attach(task);
      switch (task.status) {
        case ASSIGNED:
        case RUNNING:
          task.workerId = null;
          task.retryCount++;
          queue(task);
          requeued++;
          break;
        case QUEUED:
        case BACKOFF:
          queue(task);
          break;
        default:
          break;
      }
    }
    for (RunState run : runs.values()) {
      if (!run.status.isTerminal()) {
        settleRun(run);
      }
    }
    nextLogSequence = store.logs().size();
    triggers.load();
    durable.load();
    if (!runs.isEmpty()) {
      log.info("loaded {} workflow run(s); {} task(s) that were on workers are queued again", runs.size(), requeued);
    }
  }

  @Nullable
  private static TaskSpec findTask(WorkflowSpec spec, String readableId) {
    return spec.tasks().stream().filter(t -> t.readableId().equals(readableId)).findFirst().orElse(null);
  }

  private void attach(TaskState task) {
    tasks.put(task.id, task);
    if (task.onFailure) {
      task.run.onFailureTask = task;
    } else {
      task.run.tasks.put(task.readableId(), task);
    }
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
    return version;
  }

  // ---------------------------------------------------------------- runs

  /**
   * Starts one run per spec and returns their ids in order. Every spec is checked before the first
   * run is created, so one bad spec creates nothing.
   */
  List<String> trigger(String tenantId, List<TriggerSpec> specs) {
    if (specs.isEmpty()) {
      throw EngineException.invalidArgument("at least one workflow run is required");
    }
    List<NewRun> checked = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      String where = specs.size() == 1 ? "" : "workflow run #" + (i + 1) + ": ";
      checked.add(check(tenantId, specs.get(i), where));
    }
    List<String> ids = new ArrayList<>(checked.size());
    for (NewRun run : checked) {
      ids.add(start(tenantId, run, null));
    }
    return ids;
  }

  /** A trigger that passed its checks. */
  private record NewRun(
      WorkflowVersionRecord version,
      String input,
      String additionalMetadata,
      int priority,
      TriggerSpec spec,
      @Nullable ChildKey childKey) {}

  private NewRun check(String tenantId, TriggerSpec spec, String where) {
    WorkflowVersionRecord version = catalog.latest(tenantId, spec.workflowName())
        .orElseThrow(() -> EngineException.notFound(where + "workflow " + spec.workflowName() + " not found"));
    String input = Json.requireObject(spec.input(), where + "input");
    String metadata = Json.requireObject(spec.additionalMetadata(), where + "additional_metadata");
    int priority = priority(spec.priority(), version, where);
    ChildKey childKey = null;
    if (spec.parentTaskRunId() != null) {
      String parentTaskId = Ids.require(spec.parentTaskRunId(), where + "parent_task_run_external_id");
      TaskState parent = tasks.get(parentTaskId);
      if (parent == null || !parent.tenantId().equals(tenantId)) {
        throw TriggerChecks.unknownParentTask();
      }
      metadata = childMetadata(parent, metadata);
      if (spec.childKey() != null) {
        childKey = new ChildKey(tenantId, parentTaskId, "key:" + spec.childKey());
      } else if (spec.childIndex() != null) {
        childKey = new ChildKey(tenantId, parentTaskId, "index:" + spec.childIndex());
      }
    }
    return new NewRun(version, input, metadata, priority, spec, childKey);
  }

  /**
   * A child's metadata: the parent run's, less the engine's {@code hatchet__} keys, overlaid with
   * the child's own, and stamped with its parent run and task.
   */
  private static String childMetadata(TaskState parent, String own) {
    ObjectNode merged = Json.newObject();
    ObjectNode inherited = Json.parseObjectOrNull(parent.run.additionalMetadata);
    if (inherited != null) {
      inherited.properties().forEach(e -> {
        if (!e.getKey().startsWith(HATCHET_PREFIX)) {
          merged.set(e.getKey(), e.getValue());
        }
      });
    }
    ObjectNode child = Json.parseObjectOrNull(own);
    if (child != null) {
      merged.setAll(child);
    }
    merged.put(HATCHET_PREFIX + "parent_workflow_run_id", parent.run.id);
    merged.put(HATCHET_PREFIX + "parent_step_run_id", parent.id);
    return merged.toString();
  }

  private static int priority(@Nullable Integer requested, WorkflowVersionRecord version, String where) {
    if (requested != null) {
      if (requested < 1 || requested > 3) {
        throw EngineException.invalidArgument(where + "priority must be between 1 and 3, got " + requested);
      }
      return requested;
    }
    Integer fallback = version.spec().defaultPriority();
    return fallback == null ? 1 : fallback;
  }

  /** Creates a run and queues its root tasks, or returns the existing child run with the same key. */
  private String start(String tenantId, NewRun newRun, @Nullable EventRecord event) {
    if (newRun.childKey != null) {
      String existing = childRuns.get(newRun.childKey);
      if (existing != null) {
        return existing;
      }
    }
    long now = effects.nowMs();
    TriggerSpec spec = newRun.spec;
    String runId = Ids.newId();
    WorkflowRunRecord record = new WorkflowRunRecord(
        runId, tenantId, newRun.version.id(), newRun.input, traced(runId, newRun.additionalMetadata, spec),
        newRun.priority,
        RunStatus.QUEUED, now, null, null, spec.parentWorkflowRunId(),
        spec.parentTaskRunId() == null ? null : Ids.canonicalOrNull(spec.parentTaskRunId()),
        spec.childIndex(), spec.childKey(),
        event == null ? null : event.id(), event == null ? null : event.key(), spec.desiredWorkerId());
    RunState run = new RunState(record, newRun.version);
    runs.put(run.id, run);
    indexChild(run);
    List<TaskSpec> specs = newRun.version.spec().tasks();
    for (TaskSpec taskSpec : specs) {
      // A single-task workflow's task shares the run's id, as upstream's standalone tasks do.
      String taskId = specs.size() == 1 ? run.id : Ids.newId();
      TaskState task = new TaskState(taskId, run, taskSpec, newRun.version.taskIds().get(taskSpec.readableId()),
          false, now);
      attach(task);
    }
    save(run);
    listener.runCreated(RunListener.RunInfo.of(run));
    for (TaskState task : run.tasks.values()) {
      if (task.spec.parents().isEmpty()) {
        queue(task);
      } else {
        save(task);
      }
    }
    return run.id;
  }

  /**
   * The run's metadata with a {@code traceparent}, stamped as upstream does when the trigger had
   * none, so the spans of its workers join the run's trace: a child joins its parent's trace.
   */
  private String traced(String runId, String metadata, TriggerSpec spec) {
    TaskState parentTask = spec.parentTaskRunId() == null ? null : tasks.get(Ids.canonicalOrNull(spec.parentTaskRunId()));
    RunState parent = parentTask != null ? parentTask.run
        : spec.parentWorkflowRunId() == null ? null : runs.get(Ids.canonicalOrNull(spec.parentWorkflowRunId()));
    return TraceIds.ensureTraceparent(metadata, runId, TraceIds.ownerTraceId(runId, metadata,
        parent == null ? null : parent.id, parent == null ? null : parent.additionalMetadata));
  }

  private void indexChild(RunState run) {
    if (run.parentTaskRunId == null) {
      return;
    }
    String key = run.childKey != null ? "key:" + run.childKey : run.childIndex != null ? "index:" + run.childIndex : null;
    if (key != null) {
      childRuns.put(new ChildKey(run.tenantId, run.parentTaskRunId, key), run.id);
    }
  }

  /** Stores events and starts every workflow whose event triggers name their key. */
  List<EventRecord> pushEvents(String tenantId, List<EventSpec> specs) {
    if (specs.isEmpty()) {
      throw EngineException.invalidArgument("at least one event is required");
    }
    if (specs.size() > MAX_BULK_SIZE) {
      throw EngineException.invalidArgument("at most " + MAX_BULK_SIZE + " events per request, got " + specs.size());
    }
    record CheckedEvent(String id, EventSpec spec, String payload, String metadata, List<NewRun> runs) {}
    List<CheckedEvent> checked = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      EventSpec spec = specs.get(i);
      String where = specs.size() == 1 ? "" : "event #" + (i + 1) + ": ";
      String payload = Json.requireObject(spec.payload(), where + "payload");
      String metadata = Json.requireObject(spec.additionalMetadata(), where + "additional_metadata");
      String eventId = Ids.newId();
      // The runs an event starts carry its metadata and its id, as upstream's do.
      ObjectNode runMetadata = Json.parseObjectOrNull(metadata);
      runMetadata.put(HATCHET_PREFIX + "event_id", eventId);
      List<NewRun> triggered = new ArrayList<>();
      for (WorkflowVersionRecord version : catalog.triggeredBy(tenantId, spec.key())) {
        if (!passesFilters(version, spec, payload, metadata)) {
          continue;
        }
        TriggerSpec trigger = new TriggerSpec(version.name(), payload, runMetadata.toString(), null, null, null, null,
            spec.priority(), null);
        triggered.add(new NewRun(version, payload, runMetadata.toString(), priority(spec.priority(), version, where),
            trigger, null));
      }
      checked.add(new CheckedEvent(eventId, spec, payload, metadata, triggered));
    }
    List<EventRecord> events = new ArrayList<>();
    for (CheckedEvent c : checked) {
      EventRecord event = new EventRecord(c.id, tenantId, c.spec.key(), c.payload, c.metadata,
          c.spec.scope(), c.spec.priority(), effects.nowMs(), List.of());
      List<String> runIds = new ArrayList<>();
      for (NewRun run : c.runs) {
        runIds.add(start(tenantId, run, event));
      }
      EventRecord stored = new EventRecord(event.id(), tenantId, event.key(), event.payload(),
          event.additionalMetadata(), event.scope(), event.priority(), event.createdAtMs(), runIds);
      store.events().put(stored.id(), stored);
      durable.onEvent(stored);
      listener.eventPushed(stored);
      events.add(stored);
    }
    return events;
  }

  /**
   * Whether an event may start a run of the workflow: an event with a scope must pass one of the
   * workflow's filters for that scope, if it has any; events without a scope are not filtered.
   */
  private static boolean passesFilters(WorkflowVersionRecord version, EventSpec event, String payload, String metadata) {
    if (event.scope() == null || event.scope().isBlank()) {
      return true;
    }
    List<EventFilter> filters = version.spec().defaultFilters().stream()
        .filter(f -> f.scope().equals(event.scope()))
        .toList();
    if (filters.isEmpty()) {
      return true;
    }
    JsonNode input = Json.parseTrusted(payload);
    JsonNode meta = Json.parseTrusted(metadata);
    for (EventFilter filter : filters) {
      JsonNode filterPayload = filter.payload() == null || filter.payload().isBlank()
          ? Json.newObject() : Json.parseTrusted(filter.payload());
      Map<String, JsonNode> variables = Map.of("input", input, "payload", filterPayload, "additional_metadata", meta,
          "event_key", Json.mapper().getNodeFactory().textNode(event.key()));
      if (CelExpression.compile(filter.expression(), CelExpression.EVENT_VARIABLES).matches(variables)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Cancels task runs or whole workflow runs by id and returns the ids of the tasks it cancelled.
   * Ids of finished or unknown runs are skipped.
   */
  List<String> cancel(String tenantId, List<String> ids) {
    List<String> canonical = new ArrayList<>();
    for (String id : ids) {
      canonical.add(Ids.require(id, "external id"));
    }
    List<String> cancelled = new ArrayList<>();
    for (String id : canonical) {
      RunState run = runs.get(id);
      if (run != null && run.tenantId.equals(tenantId)) {
        run.cancelRequested = true;
        cancelCollecting(run, run.allTasks(), "the workflow run was cancelled", cancelled);
        continue;
      }
      TaskState task = tasks.get(id);
      if (task != null && task.tenantId().equals(tenantId)) {
        cancelCollecting(task.run, List.of(task), "the task run was cancelled", cancelled);
      }
    }
    return cancelled;
  }

  /** Cancels the given tasks and adds every task of the run this cancelled, dependants included. */
  private void cancelCollecting(RunState run, List<TaskState> targets, String reason, List<String> cancelled) {
    List<TaskState> before = run.allTasks().stream().filter(t -> !t.status.isTerminal()).toList();
    for (TaskState task : targets) {
      cancelTask(task, reason, true);
    }
    for (TaskState task : before) {
      if (task.status == TaskStatus.CANCELLED) {
        cancelled.add(task.id);
      }
    }
  }

  RunView runView(String tenantId, String runId) {
    return requireRun(tenantId, runId).toView();
  }

  /** The run a task run belongs to. */
  RunView runViewOfTask(String tenantId, String taskRunId) {
    return requireTask(tenantId, taskRunId).run.toView();
  }

  /** The tenant's runs, newest first. */
  List<RunView> runViews(String tenantId) {
    List<RunView> views = new ArrayList<>();
    for (RunState run : runs.values()) {
      if (run.tenantId.equals(tenantId)) {
        views.add(run.toView());
      }
    }
    views.sort(Comparator.comparingLong(RunView::createdAtMs).reversed());
    return views;
  }

  private RunState requireRun(String tenantId, String runId) {
    String id = Ids.require(runId, "workflow run id");
    RunState run = runs.get(id);
    if (run == null || !run.tenantId.equals(tenantId)) {
      throw EngineException.notFound("workflow run " + id + " not found");
    }
    return run;
  }

  private TaskState requireTask(String tenantId, String taskRunId) {
    String id = Ids.require(taskRunId, "task run id");
    TaskState task = tasks.get(id);
    if (task == null || !task.tenantId().equals(tenantId)) {
      throw EngineException.notFound("task run " + id + " not found");
    }
    return task;
  }

  /**
   * Calls {@code watcher} with the run once it is finished. Returns how to stop watching, or
   * empty if the tenant has no such run: a watcher cannot learn about other tenants' runs.
   */
  Optional<Runnable> watchFinish(String tenantId, String runId, Consumer<RunView> watcher) {
    String id = Ids.canonicalOrNull(runId);
    RunState run = id == null ? null : runs.get(id);
    if (run == null || !run.tenantId.equals(tenantId)) {
      return Optional.empty();
    }
    return Optional.of(watchers.watchFinish(run, watcher));
  }

  /** Subscribes to a run's events; a finished run gets only its final event. */
  Runnable subscribeEvents(String tenantId, String runId, Consumer<RunEvent> subscriber) {
    RunState run = requireRun(tenantId, runId);
    if (run.status.isTerminal()) {
      RunEvent last = finalEvent(run);
      effects.afterCommit(() -> subscriber.accept(last));
      return () -> {};
    }
    return watchers.subscribeEvents(run.id, subscriber);
  }

  // ---------------------------------------------------------------- workers

  WorkerRecord registerWorker(String tenantId, WorkerSpec spec) {
    if (spec.legacySlots() != null && !spec.slotConfig().isEmpty()) {
      throw EngineException.invalidArgument("either slot_config or slots (deprecated) must be provided, not both");
    }
    Map<String, Integer> slots;
    if (!spec.slotConfig().isEmpty()) {
      slots = spec.slotConfig();
    } else if (spec.legacySlots() != null) {
      slots = Map.of("default", spec.legacySlots());
    } else {
      slots = Map.of("default", DEFAULT_SLOTS);
    }
    long now = effects.nowMs();
    WorkerRecord record = new WorkerRecord(Ids.newId(), tenantId, spec.name(), spec.actions(), slots, spec.labels(), now,
        false);
    workers.add(new WorkerState(record, now));
    store.workers().put(record.id(), record);
    log.info("worker {} ({}) registered with {} action(s) and slots {}", record.id(), record.name(),
        record.actions().size(), slots);
    return record;
  }

  /** Opens a listen stream for a worker and returns the session id to close it with. */
  String openListener(String tenantId, String workerId, ActionSink sink) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    String sessionId = Ids.newId();
    worker.sessions.put(sessionId, sink);
    worker.listenerEverOpened = true;
    worker.unsubscribed = false;
    if (worker.dead) {
      worker.dead = false;
      log.info("worker {} is back", worker.id());
    }
    worker.lastSeenMs = effects.nowMs();
    effects.requestAssignment();
    return sessionId;
  }

  void closeListener(String workerId, String sessionId) {
    workers.find(workerId).ifPresent(worker -> {
      if (worker.sessions.remove(sessionId) != null) {
        worker.lastSeenMs = effects.nowMs();
        if (!worker.isConnected()) {
          scheduleLivenessCheck(worker, settings.heartbeatTimeout());
        }
      }
    });
  }

  void heartbeat(String tenantId, String workerId) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    // Like upstream: once a worker has listened, a heartbeat without a stream tells it to reconnect.
    if (worker.listenerEverOpened && !worker.isConnected()) {
      throw EngineException.failedPrecondition("Heartbeat rejected: worker stream is not active: " + worker.id());
    }
    worker.lastSeenMs = effects.nowMs();
  }

  WorkerRecord unsubscribe(String tenantId, String workerId) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    worker.unsubscribed = true;
    requeueTasksOf(worker, "unsubscribed");
    return worker.record;
  }

  WorkerRecord upsertLabels(String tenantId, String workerId, Map<String, LabelValue> labels) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    Map<String, LabelValue> merged = new HashMap<>(worker.record.labels());
    merged.putAll(labels);
    worker.record = worker.record.withLabels(merged);
    store.workers().put(worker.id(), worker.record);
    return worker.record;
  }

  private void scheduleLivenessCheck(WorkerState worker, Duration delay) {
    effects.schedule(delay, () -> checkLiveness(worker));
  }

  private void checkLiveness(WorkerState worker) {
    if (worker.isConnected() || worker.dead) {
      return;
    }
    long silentFor = effects.nowMs() - worker.lastSeenMs;
    long timeout = settings.heartbeatTimeout().toMillis();
    if (silentFor < timeout) {
      scheduleLivenessCheck(worker, Duration.ofMillis(timeout - silentFor));
      return;
    }
    worker.dead = true;
    requeueTasksOf(worker, "lost (no listen stream and no heartbeat for " + Durations.format(settings.heartbeatTimeout()) + ")");
  }

  /** Moves every task off a worker; this is not the task's fault, so no retry is used up. */
  private void requeueTasksOf(WorkerState worker, String reason) {
    List<TaskState> held = new ArrayList<>(worker.tasks);
    if (!held.isEmpty()) {
      log.info("worker {} {}: {} task(s) go back to the queue", worker.id(), reason, held.size());
    }
    for (TaskState task : held) {
      requeueLost(task);
    }
  }

  private void requeueLost(TaskState task) {
    detachFromWorker(task);
    // A new attempt number makes late events from the old worker stale.
    task.retryCount++;
    queue(task);
  }

  // ---------------------------------------------------------------- task events

  void stepEvent(String tenantId, StepEvent event) {
    TaskState task = requireTask(tenantId, event.taskRunId());
    int attempt = event.retryCount() != null ? event.retryCount() : task.retryCount;
    if (attempt != task.retryCount || !task.status.isOnWorker() || fromAnotherWorker(event, task)) {
      log.debug("ignoring stale {} event for {} (attempt {}, worker {})", event.type(), task, attempt, event.workerId());
      return;
    }
    switch (event.type()) {
      case STARTED:
        if (task.status == TaskStatus.ASSIGNED) {
          task.status = TaskStatus.RUNNING;
          if (task.startedAtMs == null) {
            task.startedAtMs = effects.nowMs();
          }
          listener.taskStarted(RunListener.TaskAttempt.of(task), effects.nowMs());
          save(task);
          publish(task, RunEvent.Type.STARTED, "");
        }
        break;
      case COMPLETED:
        ObjectNode output = Json.parseObjectOrNull(event.payload());
        if (output == null) {
          failAttempt(task, "invalid task output: the output must be a JSON object", false);
        } else {
          complete(task, output.toString());
        }
        break;
      case FAILED:
        failAttempt(task, event.payload(), event.shouldNotRetry());
        break;
      case CANCELLED:
        cancelTask(task, "the task was cancelled by its worker", false);
        break;
      case ACKNOWLEDGED:
      default:
        break;
    }
  }

  /**
   * Whether the event names a known worker other than the task's. Only a known id counts: the
   * TypeScript SDK puts its worker's name in this field, which must not make its events stale.
   */
  private boolean fromAnotherWorker(StepEvent event, TaskState task) {
    String workerId = Ids.canonicalOrNull(event.workerId());
    return workerId != null && !workerId.equals(task.workerId) && workers.find(workerId).isPresent();
  }

  /** Extends the running attempt's deadline and returns the new one. */
  long refreshTimeout(String tenantId, String taskRunId, Duration increment) {
    TaskState task = requireTask(tenantId, taskRunId);
    if (!task.status.isOnWorker()) {
      throw EngineException.failedPrecondition("task run " + task.id + " is not running");
    }
    // The pending timer sees the later deadline when it fires and waits for the rest.
    task.timeoutAtMs += increment.toMillis();
    save(task);
    return task.timeoutAtMs;
  }

  /** Frees the task's slot on its worker while the task keeps running. */
  void releaseSlot(String tenantId, String taskRunId) {
    TaskState task = requireTask(tenantId, taskRunId);
    if (task.status.isOnWorker() && task.holdsSlot) {
      returnSlots(task);
      effects.requestAssignment();
    }
  }

  void putLog(String tenantId, LogSpec spec) {
    TaskState task = requireTask(tenantId, spec.taskRunId());
    long createdAt = spec.createdAtMs() != null ? spec.createdAtMs() : effects.nowMs();
    LogRecord record = new LogRecord(task.id, tenantId, createdAt, spec.message(), spec.level(), spec.metadata(),
        spec.retryCount() != null ? spec.retryCount() : task.retryCount);
    store.logs().put(task.id + "/" + String.format("%016x", nextLogSequence++), record);
  }

  List<LogRecord> logs(String tenantId, String taskRunId) {
    TaskState task = requireTask(tenantId, taskRunId);
    return store.logs().valuesWithKeyPrefix(task.id + "/");
  }

  /** Forwards a chunk of task output to the run's event subscribers; it is not stored. */
  void streamEvent(String tenantId, String taskRunId, String payload, @Nullable Long eventIndex, long createdAtMs) {
    TaskState task = requireTask(tenantId, taskRunId);
    watchers.publish(new RunEvent(task.run.id, RunEvent.Resource.TASK, RunEvent.Type.STREAM, task.id, createdAtMs,
        payload, false, null, task.retryCount, eventIndex));
  }

  // ---------------------------------------------------------------- assignment

  /** Gives queued tasks to workers with free slots, highest priority first. */
  void assignQueued() {
    queue.drain(task -> {
      WorkerState worker = workers.pick(task, task.run.desiredWorkerId);
      if (worker == null) {
        return false;
      }
      assign(task, worker);
      return true;
    });
  }

  private void assign(TaskState task, WorkerState worker) {
    long now = effects.nowMs();
    task.status = TaskStatus.ASSIGNED;
    task.workerId = worker.id();
    task.attempts++;
    if (task.spec.durable()) {
      // Each sending is a new invocation, which replays the task's durable event log.
      task.invocationCount++;
    }
    task.holdsSlot = true;
    worker.takeSlots(task.slotRequests());
    worker.tasks.add(task);
    worker.assignments++;
    task.timeoutAtMs = now + executionTimeout(task).toMillis();
    armExecutionTimeout(task);
    RunState run = task.run;
    if (run.startedAtMs == null) {
      run.startedAtMs = now;
    }
    if (run.status == RunStatus.QUEUED) {
      run.status = RunStatus.RUNNING;
    }
    save(run);
    save(task);
    listener.taskSentToWorker(RunListener.TaskAttempt.of(task), now);
    ActionSink sink = worker.newestSession();
    WorkerAction action = Payloads.action(task, WorkerAction.Type.START);
    int attempt = task.retryCount;
    effects.afterCommit(() -> {
      if (!sink.send(action)) {
        effects.schedule(Duration.ZERO, () -> deliveryFailed(task, attempt, worker, sink));
      }
    });
  }

  /** The worker's stream died under a START: take the stream out of service and requeue the task. */
  private void deliveryFailed(TaskState task, int attempt, WorkerState worker, ActionSink sink) {
    worker.sessions.values().remove(sink);
    if (task.status == TaskStatus.ASSIGNED && task.retryCount == attempt && worker.id().equals(task.workerId)) {
      requeueLost(task);
    }
  }

  private void queue(TaskState task) {
    task.status = TaskStatus.QUEUED;
    task.evicted = false;
    task.queuedAtMs = effects.nowMs();
    queue.add(task);
    save(task);
    int attempt = task.retryCount;
    effects.schedule(scheduleTimeout(task), () -> onScheduleTimeout(task, attempt));
    effects.requestAssignment();
  }

  private void onScheduleTimeout(TaskState task, int attempt) {
    if (task.status == TaskStatus.QUEUED && task.retryCount == attempt) {
      queue.remove(task);
      String reason = "task could not be assigned to a worker within its schedule timeout of "
          + Durations.format(scheduleTimeout(task));
      listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.SCHEDULING_TIMED_OUT, reason,
          effects.nowMs());
      finishFailed(task, reason);
    }
  }

  private void armExecutionTimeout(TaskState task) {
    int attempt = task.retryCount;
    long delay = Math.max(0, task.timeoutAtMs - effects.nowMs());
    effects.schedule(Duration.ofMillis(delay), () -> onExecutionTimeout(task, attempt));
  }

  private void onExecutionTimeout(TaskState task, int attempt) {
    if (!task.status.isOnWorker() || task.retryCount != attempt) {
      return;
    }
    if (effects.nowMs() < task.timeoutAtMs) {
      // Refreshed since the timer was set (or the timer fired a little early): wait for the rest.
      armExecutionTimeout(task);
      return;
    }
    sendCancel(task);
    failAttempt(task, "task exceeded its execution timeout of " + timeoutText(task), false);
  }

  private Duration executionTimeout(TaskState task) {
    return task.spec.timeout() == null
        ? settings.defaultExecutionTimeout()
        : Durations.parse(task.spec.timeout(), "timeout");
  }

  private String timeoutText(TaskState task) {
    return task.spec.timeout() == null ? Durations.format(settings.defaultExecutionTimeout()) : task.spec.timeout();
  }

  private Duration scheduleTimeout(TaskState task) {
    return task.spec.scheduleTimeout() == null
        ? settings.defaultScheduleTimeout()
        : Durations.parse(task.spec.scheduleTimeout(), "schedule timeout");
  }

  // ---------------------------------------------------------------- transitions

  private void complete(TaskState task, String output) {
    detachFromWorker(task);
    listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.COMPLETED, null, effects.nowMs());
    task.status = TaskStatus.COMPLETED;
    task.output = output;
    task.error = null;
    task.finishedAtMs = effects.nowMs();
    save(task);
    publish(task, RunEvent.Type.COMPLETED, output);
    for (TaskState dependant : task.run.tasks.values()) {
      if (dependant.status == TaskStatus.PENDING && parentsCompleted(dependant)) {
        queue(dependant);
      }
    }
    settleRun(task.run);
  }

  private boolean parentsCompleted(TaskState task) {
    for (String parent : task.spec.parents()) {
      TaskState parentTask = task.run.tasks.get(parent);
      if (parentTask == null || parentTask.status != TaskStatus.COMPLETED) {
        return false;
      }
    }
    return true;
  }

  /** A failed attempt: retried after its backoff if retries remain, else the task fails. */
  private void failAttempt(TaskState task, String error, boolean noRetry) {
    detachFromWorker(task);
    publish(task, RunEvent.Type.FAILED, error);
    listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.FAILED, error, effects.nowMs());
    if (noRetry || task.appRetries >= task.spec.retries()) {
      finishFailed(task, error);
      return;
    }
    task.appRetries++;
    task.retryCount++;
    task.error = error;
    Duration backoff = backoff(task);
    if (backoff.isZero()) {
      queue(task);
      return;
    }
    task.status = TaskStatus.BACKOFF;
    save(task);
    int attempt = task.retryCount;
    effects.schedule(backoff, () -> {
      if (task.status == TaskStatus.BACKOFF && task.retryCount == attempt) {
        queue(task);
      }
    });
  }

  /** Upstream's rule: factor to the power of the retry number, in seconds, capped by the maximum. */
  private static Duration backoff(TaskState task) {
    Double factor = task.spec.backoffFactor();
    if (factor == null) {
      return Duration.ZERO;
    }
    double seconds = Math.pow(factor, task.appRetries);
    if (task.spec.backoffMaxSeconds() != null) {
      seconds = Math.min(seconds, task.spec.backoffMaxSeconds());
    }
    return Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2.0));
  }

  private void finishFailed(TaskState task, String error) {
    task.status = TaskStatus.FAILED;
    task.error = error;
    task.finishedAtMs = effects.nowMs();
    save(task);
    cancelDependants(task, "parent task '" + task.readableId() + "' failed");
    settleRun(task.run);
  }

  /**
   * Cancels a task unless it is finished; tells its worker if it holds it and {@code tellWorker}.
   * Returns whether it was cancelled.
   */
  private boolean cancelTask(TaskState task, String reason, boolean tellWorker) {
    if (task.status.isTerminal()) {
      return false;
    }
    if (task.status.isOnWorker() && tellWorker) {
      sendCancel(task);
    }
    if (task.status == TaskStatus.QUEUED) {
      queue.remove(task);
    }
    detachFromWorker(task);
    task.status = TaskStatus.CANCELLED;
    task.error = reason;
    task.finishedAtMs = effects.nowMs();
    save(task);
    publish(task, RunEvent.Type.CANCELLED, reason);
    listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.CANCELLED, reason, effects.nowMs());
    cancelDependants(task, "parent task '" + task.readableId() + "' did not complete");
    settleRun(task.run);
    return true;
  }

  private void cancelDependants(TaskState task, String reason) {
    for (TaskState other : task.run.tasks.values()) {
      if (other.status == TaskStatus.PENDING && other.spec.parents().contains(task.readableId())) {
        cancelTask(other, "cancelled because its " + reason, false);
      }
    }
  }

  private void sendCancel(TaskState task) {
    WorkerState worker = task.workerId == null ? null : workers.find(task.workerId).orElse(null);
    ActionSink sink = worker == null ? null : worker.newestSession();
    if (sink != null) {
      WorkerAction action = Payloads.action(task, WorkerAction.Type.CANCEL);
      effects.afterCommit(() -> sink.send(action));
    }
  }

  /** Takes the task off its worker, returning its slots if it still holds them. */
  private void detachFromWorker(TaskState task) {
    if (task.holdsSlot) {
      returnSlots(task);
      effects.requestAssignment();
    }
    if (task.workerId != null) {
      workers.find(task.workerId).ifPresent(worker -> worker.tasks.remove(task));
      task.workerId = null;
    }
  }

  private void returnSlots(TaskState task) {
    task.holdsSlot = false;
    if (task.workerId != null) {
      workers.find(task.workerId).ifPresent(worker -> worker.returnSlots(task.slotRequests()));
    }
  }

  /**
   * Brings the run's status up to date. A run finishes when every task is finished; if a task
   * failed and the workflow has an on-failure task, that task runs first.
   */
  private void settleRun(RunState run) {
    if (run.status.isTerminal()) {
      return;
    }
    boolean allFinished = run.tasks.values().stream().allMatch(t -> t.status.isTerminal());
    boolean anyFailed = run.anyRegularTask(TaskStatus.FAILED);
    if (allFinished && anyFailed && run.onFailureTask == null && !run.cancelRequested
        && run.version.spec().onFailureTask() != null) {
      TaskSpec spec = run.version.spec().onFailureTask();
      TaskState onFailure = new TaskState(Ids.newId(), run, spec, run.version.taskIds().get(spec.readableId()),
          true, effects.nowMs());
      attach(onFailure);
      queue(onFailure);
      return;
    }
    if (!allFinished || (run.onFailureTask != null && !run.onFailureTask.status.isTerminal())) {
      return;
    }
    run.status = anyFailed ? RunStatus.FAILED
        : run.anyRegularTask(TaskStatus.CANCELLED) ? RunStatus.CANCELLED
        : RunStatus.COMPLETED;
    run.finishedAtMs = effects.nowMs();
    save(run);
    log.debug("workflow run {} ({}) {}", run.id, run.version.name(), run.status);
    watchers.publish(finalEvent(run));
    watchers.runFinished(run);
    durable.runFinished(run);
  }

  private static RunEvent finalEvent(RunState run) {
    RunEvent.Type type = run.status == RunStatus.COMPLETED ? RunEvent.Type.COMPLETED
        : run.status == RunStatus.FAILED ? RunEvent.Type.FAILED
        : RunEvent.Type.CANCELLED;
    long at = run.finishedAtMs == null ? run.createdAtMs : run.finishedAtMs;
    return new RunEvent(run.id, RunEvent.Resource.RUN, type, run.id, at, "", true, null, null, null);
  }

  private void publish(TaskState task, RunEvent.Type type, String payload) {
    watchers.publish(new RunEvent(task.run.id, RunEvent.Resource.TASK, type, task.id, effects.nowMs(), payload,
        false, task.spec.retries(), task.retryCount, null));
  }

  private void save(TaskState task) {
    store.taskRuns().put(task.id, task.toRecord());
  }

  private void save(RunState run) {
    store.workflowRuns().put(run.id, run.toRecord());
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

  // ---------------------------------------------------------------- cancel and replay by filter

  /** The tenant's runs that the filter selects, newest first. */
  List<RunView> runViews(String tenantId, RunFilter filter) {
    List<RunView> views = new ArrayList<>();
    for (RunState run : runs.values()) {
      if (run.tenantId.equals(tenantId) && filter.matchesCheaply(run.createdAtMs, run.status)) {
        RunView view = run.toView();
        if (filter.matches(view)) {
          views.add(view);
        }
      }
    }
    views.sort(Comparator.comparingLong(RunView::createdAtMs).reversed());
    return views;
  }

  /** Cancels every unfinished run the filter selects; returns the task runs cancelled. */
  List<String> cancel(String tenantId, RunFilter filter) {
    List<String> ids = new ArrayList<>();
    for (RunView view : runViews(tenantId, filter)) {
      if (!view.status().isTerminal()) {
        ids.add(view.id());
      }
    }
    return ids.isEmpty() ? List.of() : cancel(tenantId, ids);
  }

  /** Replays every finished run the filter selects; returns the task runs queued again. */
  List<String> replay(String tenantId, RunFilter filter) {
    List<String> ids = new ArrayList<>();
    for (RunView view : runViews(tenantId, filter)) {
      if (view.status().isTerminal()) {
        ids.add(view.id());
      }
    }
    return ids.isEmpty() ? List.of() : replay(tenantId, ids);
  }

  /**
   * Runs finished task runs again: a workflow run id replays all its tasks, a task run id that task
   * and the tasks after it. Unfinished and unknown ids are skipped. Returns the task runs reset.
   */
  List<String> replay(String tenantId, List<String> ids) {
    List<String> canonical = new ArrayList<>();
    for (String id : ids) {
      canonical.add(Ids.require(id, "external id"));
    }
    List<String> replayed = new ArrayList<>();
    for (String id : canonical) {
      RunState run = runs.get(id);
      List<TaskState> targets;
      if (run != null && run.tenantId.equals(tenantId)) {
        targets = new ArrayList<>(run.tasks.values());
      } else {
        TaskState task = tasks.get(id);
        if (task == null || !task.tenantId().equals(tenantId) || task.onFailure) {
          continue;
        }
        run = task.run;
        targets = new ArrayList<>(List.of(task));
      }
      if (!run.status.isTerminal()) {
        continue;
      }
      replayRun(run, targets, replayed);
    }
    return replayed;
  }

  private void replayRun(RunState run, List<TaskState> targets, List<String> replayed) {
    // The targets and every task downstream of them start over.
    List<TaskState> reset = new ArrayList<>();
    for (TaskState task : run.tasks.values()) {
      if (targets.contains(task) || task.spec.parents().stream().anyMatch(p -> reset.stream().anyMatch(r -> r.readableId().equals(p)))) {
        reset.add(task);
      }
    }
    if (run.onFailureTask != null) {
      tasks.remove(run.onFailureTask.id);
      store.taskRuns().remove(run.onFailureTask.id);
      run.onFailureTask = null;
    }
    run.status = RunStatus.RUNNING;
    run.finishedAtMs = null;
    run.cancelRequested = false;
    save(run);
    for (TaskState task : reset) {
      task.status = TaskStatus.PENDING;
      task.output = null;
      task.error = null;
      task.appRetries = 0;
      task.retryCount++;
      task.startedAtMs = null;
      task.finishedAtMs = null;
      durable.forget(task.id);
      replayed.add(task.id);
    }
    for (TaskState task : reset) {
      if (parentsCompleted(task)) {
        queue(task);
      } else {
        save(task);
      }
    }
  }

  // ---------------------------------------------------------------- workers over REST

  WorkerView workerView(String tenantId, String workerId) {
    return workers.require(tenantId, Ids.require(workerId, "worker id")).toView();
  }

  List<WorkerView> workerViews(String tenantId) {
    return workers.all().stream().filter(w -> w.record.tenantId().equals(tenantId)).map(WorkerState::toView).toList();
  }

  /** Pauses a worker (it keeps its tasks, gets no new ones) or resumes it. */
  WorkerView pauseWorker(String tenantId, String workerId, boolean paused) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    if (worker.record.paused() != paused) {
      worker.record = worker.record.withPaused(paused);
      store.workers().put(worker.id(), worker.record);
      log.info("worker {} ({}) {}", worker.id(), worker.record.name(), paused ? "paused" : "resumed");
      if (!paused) {
        effects.requestAssignment();
      }
    }
    return worker.toView();
  }

  // ---------------------------------------------------------------- events and logs over REST

  /** The tenant's events, newest first, each with the statuses of the runs it started. */
  List<EventView> events(String tenantId) {
    List<EventView> views = new ArrayList<>();
    for (EventRecord event : store.events().values()) {
      if (!event.tenantId().equals(tenantId)) {
        continue;
      }
      Map<RunStatus, Integer> counts = new HashMap<>();
      for (String runId : event.triggeredRunIds()) {
        RunState run = runs.get(runId);
        if (run != null) {
          counts.merge(run.status, 1, Integer::sum);
        }
      }
      views.add(new EventView(event, counts));
    }
    views.sort(Comparator.comparingLong((EventView v) -> v.event().createdAtMs()).reversed());
    return views;
  }

  /** The log lines of several task runs of the tenant, by task run id; other tenants' are left out. */
  Map<String, List<LogRecord>> logs(String tenantId, List<String> taskRunIds) {
    Map<String, List<LogRecord>> lines = new LinkedHashMap<>();
    for (String id : taskRunIds) {
      TaskState task = tasks.get(id);
      if (task != null && task.tenantId().equals(tenantId)) {
        lines.put(id, store.logs().valuesWithKeyPrefix(id + "/"));
      }
    }
    return lines;
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
    TaskState task = requireTask(tenantId, taskRunId);
    if (!task.evicted || task.status.isTerminal()) {
      return false;
    }
    queue(task);
    return true;
  }

  /** What the durable log may do to tasks. */
  private final class DurableHost implements DurableLog.Host {
    @Override
    @Nullable
    public TaskState task(String taskRunId) {
      return tasks.get(taskRunId);
    }

    @Override
    public void evict(TaskState task) {
      detachFromWorker(task);
      // Parked until a wait completes: BACKOFF is the one waiting state no timer moves on.
      task.status = TaskStatus.BACKOFF;
      task.evicted = true;
      save(task);
    }

    @Override
    public void wake(TaskState task) {
      if (task.evicted && task.status == TaskStatus.BACKOFF) {
        queue(task);
      }
    }

    @Override
    @Nullable
    public RunState run(String runId) {
      return runs.get(runId);
    }

    @Override
    public String startChild(String tenantId, TriggerSpec spec) {
      return trigger(tenantId, List.of(spec)).get(0);
    }
  }
}
