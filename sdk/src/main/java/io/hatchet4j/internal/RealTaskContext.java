package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.proto.dispatcher.RefreshTimeoutRequest;
import io.hatchet4j.proto.dispatcher.ReleaseSlotRequest;
import io.hatchet4j.proto.events.PutLogRequest;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.WorkerContext;
import java.time.Duration;
import io.hatchet4j.BulkRun;
import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context of one task attempt. Not public API. */
class RealTaskContext implements TaskContext {
  private static final Logger log = LoggerFactory.getLogger(RealTaskContext.class);

  private final ActionInfo action;
  private final String workflowName;
  private final Map<String, JsonNode> parentOutputs;
  private final ClientRuntime runtime;
  private final ObjectMapper mapper;
  private final Connection connection;
  private final Runnable onSlotReleased;
  private final AtomicInteger childIndex = new AtomicInteger();
  private volatile boolean finished;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean slotReleased = new AtomicBoolean();
  private final List<Runnable> cancelCallbacks = new CopyOnWriteArrayList<>();

  RealTaskContext(
      ActionInfo action,
      String workflowName,
      Map<String, JsonNode> parentOutputs,
      ClientRuntime runtime,
      Runnable onSlotReleased) {
    this.action = action;
    this.workflowName = workflowName;
    this.parentOutputs = Map.copyOf(parentOutputs);
    this.runtime = runtime;
    this.mapper = runtime.mapper();
    this.connection = runtime.connection();
    this.onSlotReleased = onSlotReleased;
  }

  ActionInfo action() {
    return action;
  }

  ClientRuntime runtime() {
    return runtime;
  }

  @Override
  public String workflowRunId() {
    return action.workflowRunId();
  }

  @Override
  public String taskRunId() {
    return action.taskRunId();
  }

  @Override
  public String workflowName() {
    return workflowName;
  }

  @Override
  public String taskName() {
    return action.taskName();
  }

  @Override
  public String workerId() {
    return action.workerId();
  }

  @Override
  public WorkerContext worker() {
    return new RealWorkerContext(action.workerId(), runtime);
  }

  @Override
  public int retryCount() {
    return action.retryCount();
  }

  @Override
  public Map<String, String> additionalMetadata() {
    return action.additionalMetadata();
  }

  @Override
  public <P> P parentOutput(Task<?, P> parent) {
    return parentOutput(parent.name(), parent.outputType());
  }

  @Override
  public <P> P parentOutput(String parentName, Class<P> type) {
    return RealWorkflowResult.convert(mapper, parentOutputs, parentName, type, "task " + action.taskName());
  }

  @Override
  public <I, O> O runChild(Workflow<I, O> workflow, I input, TriggerOptions options) {
    return runChildNoWait(workflow, input, options).await();
  }

  @Override
  public <I, O> RunRef<O> runChildNoWait(Workflow<I, O> workflow, I input, TriggerOptions options) {
    String runId = runtime.trigger(runtime.newTrigger(workflow, input, options, this));
    return runtime.runRef(runId, workflow);
  }

  @Override
  public <I, O> List<RunRef<O>> runChildrenNoWait(Workflow<I, O> workflow, List<BulkRun<I>> runs) {
    return runtime.runAll(workflow, runs, this);
  }

  /**
   * {@code trigger} as a child of this attempt: parent ids, the next child index, and the run's
   * metadata under the trigger's own (engine-internal {@code hatchet__} keys excluded).
   */
  WorkflowTrigger asChild(WorkflowTrigger trigger) {
    if (finished) {
      throw new IllegalStateException(
          "task run " + action.taskRunId() + " has finished; children can only be spawned while it runs");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    action.additionalMetadata().forEach((key, value) -> {
      if (!key.startsWith("hatchet__")) {
        metadata.put(key, value);
      }
    });
    metadata.putAll(trigger.additionalMetadata());
    return new WorkflowTrigger(
        trigger.workflowName(),
        trigger.input(),
        metadata,
        trigger.priority(),
        action.workflowRunId(),
        action.taskRunId(),
        childIndex.getAndIncrement(),
        trigger.childKey(),
        trigger.desiredWorkerLabels(),
        trigger.desiredWorkerId());
  }

  void finish() {
    finished = true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled.get();
  }

  @Override
  public void onCancel(Runnable callback) {
    cancelCallbacks.add(callback);
    if (cancelled.get() && cancelCallbacks.remove(callback)) {
      runCallback(callback);
    }
  }

  /** Marks the attempt cancelled and runs the callbacks; true the first time only. */
  boolean cancel() {
    if (!cancelled.compareAndSet(false, true)) {
      return false;
    }
    for (Runnable callback : cancelCallbacks) {
      if (cancelCallbacks.remove(callback)) {
        runCallback(callback);
      }
    }
    return true;
  }

  private void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("a cancel callback of task run {} failed", action.taskRunId(), e);
    }
  }

  @Override
  public void log(String message) {
    PutLogRequest request =
        PutLogRequest.newBuilder()
            .setTaskRunExternalId(action.taskRunId())
            .setCreatedAt(Timestamps.now())
            .setMessage(message)
            .setTaskRetryCount(action.retryCount())
            .build();
    // Fire and forget: a log line must never slow or fail the task.
    connection.eventsAsync().putLog(request, NoopObserver.instance());
  }

  @Override
  public void refreshTimeout(Duration increment) {
    if (increment.isNegative() || increment.isZero() || increment.getNano() != 0) {
      throw new IllegalArgumentException("timeout increment must be a positive whole number of seconds");
    }
    // Not sent again once the engine may have it: each refresh adds to the timeout.
    runtime.unary(
        "refreshing the timeout of task run " + action.taskRunId(),
        Retrier.Replay.IF_NOT_SENT,
        () ->
            connection
                .dispatcherBlocking()
                .refreshTimeout(
                    RefreshTimeoutRequest.newBuilder()
                        .setTaskRunExternalId(action.taskRunId())
                        .setIncrementTimeoutBy(Durations.format(increment))
                        .build()));
  }

  @Override
  public void releaseSlot() {
    if (!slotReleased.compareAndSet(false, true)) {
      return;
    }
    runtime.unary(
        "releasing the slot of task run " + action.taskRunId(),
        Retrier.Replay.ALWAYS,
        () ->
            connection
                .dispatcherBlocking()
                .releaseSlot(ReleaseSlotRequest.newBuilder().setTaskRunExternalId(action.taskRunId()).build()));
    onSlotReleased.run();
  }

  boolean slotReleased() {
    return slotReleased.get();
  }
}
