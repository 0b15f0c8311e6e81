package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.HatchetException;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.proto.dispatcher.ActionType;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.HeartbeatRequest;
import io.hatchet4j.proto.dispatcher.RuntimeInfo;
import io.hatchet4j.proto.dispatcher.StepActionEventType;
import io.hatchet4j.proto.dispatcher.WorkerLabels;
import io.hatchet4j.proto.dispatcher.WorkerListenRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import io.hatchet4j.proto.dispatcher.WorkerUnsubscribeRequest;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.worker.WorkerStats;
import io.hatchet4j.worker.WorkerStatus;
import java.net.InetSocketAddress;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker speaking the dispatcher protocol: register, listen (v2) with reconnects, heartbeat, run
 * assigned tasks on a bounded pool, report results. Not public API.
 */
public final class GrpcWorker implements Worker {
  private static final Logger log = LoggerFactory.getLogger(GrpcWorker.class);

  private static final Duration HEARTBEAT_DEADLINE = Duration.ofSeconds(5);

  private enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED }

  private final ClientRuntime runtime;
  private final WorkerOptions options;
  private final Consumer<Worker> onStopped;
  private final StepEvents stepEvents;
  private final Map<String, RegisteredTask> tasksByAction = new LinkedHashMap<>();
  private final List<Workflow<?, ?>> workflows = new ArrayList<>();
  private final Map<String, TaskExecution> running = new ConcurrentHashMap<>();
  private final Backoff reconnectBackoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15));
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final Object lock = new Object();
  private final WorkerCounters counters = new WorkerCounters();
  private final CompletableFuture<Void> startup = new CompletableFuture<>();
  private final ConnectionHealth connectionHealth;

  // Guarded by lock.
  private State state = State.NEW;
  private TaskThreads threads;
  private ScheduledFuture<?> heartbeats;
  private Context.CancellableContext listenContext;
  private CompletableFuture<Void> shutdown;
  private WorkerHealthServer health;

  private volatile String workerId;
  private volatile EngineVersion engineVersion;
  private DurableListener durableListener; // set at start when a durable task is registered

  public GrpcWorker(ClientRuntime runtime, WorkerOptions options, Consumer<Worker> onStopped) {
    this.runtime = runtime;
    this.options = options;
    this.onStopped = onStopped;
    this.stepEvents = new StepEvents(runtime.connection(), runtime.scheduler());
    this.connectionHealth = new ConnectionHealth(options.name());
  }

  private record RegisteredTask(Workflow<?, ?> workflow, Task<Object, Object> task) {}

  ClientRuntime runtime() {
    return runtime;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Worker register(Workflow<?, ?> workflow) {
    requireNonNull(workflow, "workflow");
    if (workflow.isReference()) {
      throw new IllegalArgumentException("workflow " + workflow.name() + " is a reference and has no tasks to run");
    }
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("workflows must be registered before the worker starts");
      }
      Map<String, RegisteredTask> added = new LinkedHashMap<>();
      List<Task<?, ?>> runnable = new ArrayList<>(workflow.tasks());
      workflow.onFailureTask().ifPresent(runnable::add);
      for (Task<?, ?> task : runnable) {
        String actionId = WorkflowRegistration.actionId(runtime.config(), workflow, task);
        if (tasksByAction.containsKey(actionId)) {
          throw new IllegalArgumentException("a workflow named " + workflow.name() + " is already registered");
        }
        added.put(actionId, new RegisteredTask(workflow, (Task<Object, Object>) task));
      }
      tasksByAction.putAll(added);
      workflows.add(workflow);
    }
    return this;
  }

  @Override
  public Worker start() {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("the worker was already started");
      }
      if (workflows.isEmpty()) {
        throw new IllegalStateException("register at least one workflow before starting the worker");
      }
      state = State.STARTING;
    }
    // The calls to the engine run outside the lock, so status, stats and shutdown never wait on them.
    try {
      WorkerHealthServer server = options.healthcheck()
          .map(h -> WorkerHealthServer.start(h, this, List.copyOf(tasksByAction.keySet()), options.labels(),
              terminated::isDone))
          .orElse(null);
      synchronized (lock) {
        health = server;
      }
      register();
    } catch (RuntimeException e) {
      synchronized (lock) {
        if (state == State.STARTING) {
          state = State.NEW;
          closeHealthServer();
        }
      }
      startup.complete(null);
      throw e;
    }
    synchronized (lock) {
      threads = TaskThreads.create(options);
      if (state == State.STARTING) {
        state = State.RUNNING;
        listen();
        long interval = options.heartbeatInterval().toMillis();
        heartbeats = runtime.scheduler().scheduleAtFixedRate(this::heartbeat, 0, interval, TimeUnit.MILLISECONDS);
      }
    }
    startup.complete(null);
    log.info("worker {} ({}) started with {} slots on {} for {}", options.name(), workerId, options.slots(), threads,
        tasksByAction.keySet());
    return this;
  }

  /** Registers the workflows and the worker with the engine. */
  private void register() {
    // The engine's version first, so a feature it lacks fails before anything is registered.
    engineVersion = ClientRuntime.call("reading the engine's version", runtime::readEngineVersion);
    boolean durable = hasDurableTasks();
    if (durable) {
      engineVersion.require(EngineVersion.DURABLE_STREAM, "durable tasks", runtime.config().hostPort());
    }
    for (Workflow<?, ?> workflow : workflows) {
      var request = WorkflowRegistration.toProto(runtime.config(), runtime.mapper(), workflow);
      runtime.unary(
          "registering workflow " + workflow.name(),
          Retrier.Replay.ALWAYS,
          () -> runtime.connection().admin().putWorkflow(request));
    }
    workerId = registerWorker(true);
    if (durable) {
      durableListener = new DurableListener(runtime.connection(), runtime.scheduler(), () -> workerId);
      durableListener.start();
    }
  }

  /** Registers this worker; {@code retry} retries while the engine is unreachable (not on the timer thread). */
  private String registerWorker(boolean retry) {
    WorkerRegisterRequest.Builder request =
        WorkerRegisterRequest.newBuilder()
            // As the official SDKs do, the engine (and its dashboard) sees the namespaced name.
            .setWorkerName(runtime.config().applyNamespace(options.name()))
            .addAllActions(tasksByAction.keySet())
            .putSlotConfig("default", options.slots())
            .putAllSlotConfig(hasDurableTasks() ? Map.of("durable", options.durableSlots()) : Map.of())
            .setRuntimeInfo(
                RuntimeInfo.newBuilder()
                    .setSdkVersion(SdkVersion.VERSION)
                    // The protocol has no constant for Java, and the real engine refuses any language
                    // but GO, PYTHON, TYPESCRIPT and RUBY (UNKNOWN included); it skips the check when
                    // the field is unset, so we leave it unset and name the SDK in "extra".
                    .setLanguageVersion("java " + System.getProperty("java.version"))
                    .setOs(System.getProperty("os.name"))
                    .setExtra("hatchet4j"));
    options.labels().forEach((key, value) -> request.putLabels(key, WorkerLabels.newBuilder().setStrValue(value).build()));
    options.intLabels().forEach((key, value) -> request.putLabels(key, WorkerLabels.newBuilder().setIntValue(value).build()));
    if (engineVersion != null && !engineVersion.isAtLeast(EngineVersion.SLOT_CONFIG)) {
      // Engines before slot_config read the legacy field, as the official SDKs' legacy mode sends it.
      request.setSlots(options.slots());
    }
    String operation = "registering worker " + options.name();
    ClientRuntime.ThrowingSupplier<String> register =
        () -> runtime.connection().dispatcherBlocking().register(request.build()).getWorkerId();
    return retry
        ? runtime.unary(operation, Retrier.Replay.ALWAYS, register)
        : ClientRuntime.call(operation, register);
  }

  private boolean hasDurableTasks() {
    return tasksByAction.values().stream().anyMatch(registered -> registered.task().isDurable());
  }

  // Called with lock held.
  private void listen() {
    Context.CancellableContext context = Context.current().withCancellation();
    listenContext = context;
    connectionHealth.listening(true);
    String id = workerId;
    context.run(
        () ->
            runtime.connection().dispatcher().listenV2(
                WorkerListenRequest.newBuilder().setWorkerId(id).build(), new ActionObserver(context)));
  }

  private final class ActionObserver implements StreamObserver<AssignedAction> {
    private final Context.CancellableContext context;

    ActionObserver(Context.CancellableContext context) {
      this.context = context;
    }

    @Override
    public void onNext(AssignedAction action) {
      reconnectBackoff.reset();
      try {
        dispatch(action);
      } catch (RuntimeException e) {
        log.error("worker {} could not handle action {} for task run {}", options.name(), action.getActionType(),
            action.getTaskRunExternalId(), e);
      }
    }

    @Override
    public void onError(Throwable failure) {
      streamEnded(context, failure);
    }

    @Override
    public void onCompleted() {
      streamEnded(context, null);
    }
  }

  private void streamEnded(Context.CancellableContext context, Throwable failure) {
    synchronized (lock) {
      if (state != State.RUNNING || context != listenContext) {
        return;
      }
      connectionHealth.listening(false);
      Status.Code code = failure == null ? Status.Code.OK : Status.fromThrowable(failure).getCode();
      Duration delay = reconnectBackoff.next();
      if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
        log.error("worker {}: the engine refuses this token ({}); retrying in {} ms", options.name(), failure.getMessage(), delay.toMillis());
      } else {
        log.warn("worker {}: action stream ended ({}); reconnecting in {} ms", options.name(),
            failure == null ? "closed by the engine" : failure.getMessage(), delay.toMillis());
      }
      boolean unknownWorker = code == Status.Code.NOT_FOUND;
      runtime.scheduler().schedule(() -> reconnect(unknownWorker), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void reconnect(boolean reregister) {
    synchronized (lock) {
      if (state != State.RUNNING) {
        return;
      }
    }
    try {
      if (reregister) {
        // The engine forgot this worker (a restart without storage): register anew, outside the lock.
        // Without retries: this runs on the shared timer thread, and the reconnect loop backs off.
        workerId = registerWorker(false);
        log.info("worker {} registered again as {}", options.name(), workerId);
      }
      synchronized (lock) {
        if (state == State.RUNNING) {
          listen();
        }
      }
    } catch (RuntimeException e) {
      synchronized (lock) {
        streamEnded(listenContext, e);
      }
    }
  }

  private void heartbeat() {
    // Asynchronous with a short deadline: a slow engine must not hold the shared timer thread.
    runtime.connection()
        .dispatcher()
        .withDeadlineAfter(HEARTBEAT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .heartbeat(
            HeartbeatRequest.newBuilder().setWorkerId(workerId).setHeartbeatAt(Timestamps.now()).build(),
            connectionHealth.heartbeatObserver());
  }

  private void dispatch(AssignedAction action) {
    if (action.getActionType() == ActionType.START_STEP_RUN) {
      startTask(action);
    } else if (action.getActionType() == ActionType.CANCEL_STEP_RUN) {
      cancelTask(action);
    } else {
      log.warn("worker {}: ignoring unsupported action type {}", options.name(), action.getActionType());
    }
  }

  private void startTask(AssignedAction action) {
    String key = action.getTaskRunExternalId() + "/" + action.getRetryCount();
    RegisteredTask registered = tasksByAction.get(action.getActionId());
    if (registered == null) {
      report(action, StepActionEventType.STEP_EVENT_TYPE_FAILED,
          "worker " + options.name() + " has no task for action " + action.getActionId(), false);
      return;
    }
    ActionInfo info = AssignedActions.info(action, workerId, runtime.config().applyNamespace(registered.workflow().name()));
    var parentOutputs = TaskExecution.parentOutputs(action.getActionPayload());
    RealTaskContext context =
        registered.task().isDurable()
            ? new RealDurableContext(
                info,
                registered.workflow().name(),
                parentOutputs,
                runtime,
                this::growForReleasedSlot,
                durableListener,
                action.hasDurableTaskInvocationCount() && action.getDurableTaskInvocationCount() > 0
                    ? action.getDurableTaskInvocationCount()
                    : 1,
                () -> handBackIfStopping(key),
                registered.task().evictionTtl().orElse(null),
                () -> handBack(key))
            : new RealTaskContext(info, registered.workflow().name(), parentOutputs, runtime, this::growForReleasedSlot);
    TaskExecution execution = new TaskExecution(this, action, registered.task(), context);
    synchronized (lock) {
      if (state != State.RUNNING) {
        // Shutting down: leave it unreported, and the engine gives it to another worker.
        return;
      }
      if (running.putIfAbsent(key, execution) != null) {
        log.debug("worker {}: task run {} is already running here", options.name(), key);
        return;
      }
      execution.finished().whenComplete((ignored, failure) -> finishedTask(key, execution));
      threads.execute(execution);
    }
  }

  private void cancelTask(AssignedAction action) {
    TaskExecution execution = null;
    for (Map.Entry<String, TaskExecution> entry : running.entrySet()) {
      if (entry.getKey().startsWith(action.getTaskRunExternalId() + "/")) {
        execution = entry.getValue();
      }
    }
    TaskExecution target = execution;
    ActionInfo info =
        target != null
            ? target.context().action()
            : AssignedActions.unknown(action, workerId);
    try {
      runtime.interceptors().invoke(
          HatchetInterceptor::cancelTask,
          cancellation -> {
            if (target != null) {
              target.cancel();
            }
            return null;
          },
          new TaskCancellation(info, target != null));
    } catch (Exception e) {
      log.warn("worker {}: cancelling task run {} failed", options.name(), action.getTaskRunExternalId(), e);
    }
  }

  /** A durable task entering a wait while the worker drains moves to another worker at once. */
  private void handBackIfStopping(String key) {
    boolean stopping;
    synchronized (lock) {
      stopping = state != State.RUNNING;
    }
    TaskExecution execution = running.get(key);
    if (stopping && execution != null) {
      execution.handBack();
    }
  }

  /** Stops a task here without reporting it: the engine runs it again (an evicted durable task). */
  private void handBack(String key) {
    TaskExecution execution = running.get(key);
    if (execution != null) {
      execution.handBack();
    }
  }

  CompletableFuture<Void> report(AssignedAction action, StepActionEventType type, String payload, boolean shouldNotRetry) {
    return stepEvents.send(workerId, action, type, payload, shouldNotRetry);
  }

  private void growForReleasedSlot() {
    // The engine may now assign another task to this slot while this one still holds a thread.
    threads.growForReleasedSlot();
  }

  private void finishedTask(String key, TaskExecution execution) {
    running.remove(key, execution);
    if (execution.context().slotReleased()) {
      threads.shrinkAfterReleasedSlot();
    }
  }

  WorkerCounters counters() {
    return counters;
  }

  @Override
  public WorkerStatus status() {
    State current;
    synchronized (lock) {
      current = state;
    }
    return switch (current) {
      case NEW -> WorkerStatus.INITIALIZED;
      case STARTING -> WorkerStatus.STARTING;
      case RUNNING -> connectionHealth.status();
      case STOPPING, STOPPED -> WorkerStatus.UNHEALTHY;
    };
  }

  @Override
  public WorkerStats stats() {
    int slotsInUse = (int) running.values().stream().filter(execution -> !execution.context().slotReleased()).count();
    return counters.snapshot(options.slots(), slotsInUse);
  }

  @Override
  public Optional<InetSocketAddress> healthcheckAddress() {
    synchronized (lock) {
      return Optional.ofNullable(health).map(WorkerHealthServer::address);
    }
  }

  // Called with lock held.
  private void closeHealthServer() {
    if (health != null) {
      health.close();
      health = null;
    }
  }

  @Override
  public String name() {
    return options.name();
  }

  @Override
  public Optional<String> id() {
    return Optional.ofNullable(workerId);
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    synchronized (lock) {
      if (shutdown != null) {
        return shutdown;
      }
      State previous = state;
      state = State.STOPPING;
      if (previous == State.NEW) {
        state = State.STOPPED;
        shutdown = CompletableFuture.completedFuture(null);
        terminated.complete(null);
        onStopped.accept(this);
        return shutdown;
      }
      if (listenContext != null) {
        listenContext.cancel(null);
      }
      // A worker still registering drains once registration is over (or has failed).
      shutdown = startup.thenRunAsync(this::drain, runAsyncExecutor());
      return shutdown;
    }
  }

  private static java.util.concurrent.Executor runAsyncExecutor() {
    return runnable -> {
      Thread thread = DaemonThreads.named("hatchet-worker-shutdown").newThread(runnable);
      thread.start();
    };
  }

  private void drain() {
    if (workerId == null) {
      // Registration failed: nothing runs, nothing to hand back.
      finishStopping();
      return;
    }
    pause();
    // A durable task blocked in a wait loses nothing by moving: the engine keeps its waits.
    running.values().stream().filter(TaskExecution::isDurablyWaiting).forEach(TaskExecution::handBack);
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    running.values().forEach(execution -> inFlight.add(execution.finished()));
    try {
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
          .get(options.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("worker {}: {} task runs still running after {}; handing them back to the engine",
          options.name(), running.size(), options.shutdownTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("worker {}: waiting for task runs failed", options.name(), e);
    }
    running.values().forEach(TaskExecution::handBack);
    try {
      runtime.connection().dispatcherBlocking().unsubscribe(WorkerUnsubscribeRequest.newBuilder().setWorkerId(workerId).build());
    } catch (RuntimeException e) {
      log.debug("worker {}: unsubscribe failed: {}", options.name(), e.getMessage());
    }
    finishStopping();
    log.info("worker {} ({}) stopped", options.name(), workerId);
  }

  private void finishStopping() {
    synchronized (lock) {
      if (heartbeats != null) {
        heartbeats.cancel(false);
      }
      if (threads != null) {
        threads.shutdownNow();
      }
      if (durableListener != null) {
        durableListener.close();
      }
      closeHealthServer();
      state = State.STOPPED;
    }
    terminated.complete(null);
    onStopped.accept(this);
  }

  /** Asks the engine to assign nothing more, as the official SDKs do before stopping; best effort. */
  private void pause() {
    try {
      runtime.rest().patch(
          "/api/v1/workers/" + RestClient.encode(workerId),
          runtime.mapper().createObjectNode().put("isPaused", true),
          "pausing worker " + options.name());
    } catch (RuntimeException e) {
      log.debug("worker {}: pause before shutdown failed: {}", options.name(), e.getMessage());
    }
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    try {
      terminated.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new HatchetException("worker failed", e.getCause());
    }
  }

  @Override
  public void close() {
    try {
      shutdown().get(options.shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new HatchetException("worker " + options.name() + " did not shut down cleanly", e);
    }
  }

  @Override
  public String toString() {
    return "Worker{" + options.name() + ", id=" + workerId + "}";
  }
}
