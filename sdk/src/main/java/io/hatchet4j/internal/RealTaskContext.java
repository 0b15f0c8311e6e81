package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.BulkRun;
import io.hatchet4j.LogLevel;
import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.proto.dispatcher.RefreshTimeoutRequest;
import io.hatchet4j.proto.dispatcher.ReleaseSlotRequest;
import io.hatchet4j.proto.events.PutLogRequest;
import io.hatchet4j.proto.events.PutLogResponse;
import io.hatchet4j.proto.events.PutStreamEventRequest;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.WorkerContext;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context of one task attempt. Not public API. */
class RealTaskContext implements TaskContext {
  private static final Logger log = LoggerFactory.getLogger(RealTaskContext.class);
  /** The engine's limit on a log line, in characters. */
  static final int MAX_LOG_LINE = 10_000;

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
  private final Object streamLock = new Object();
  private final Object logLock = new Object();
  private CompletableFuture<Void> logTail = CompletableFuture.completedFuture(null); // guarded by logLock
  private long streamIndex; // guarded by streamLock

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
  public boolean wasSkipped(Task<?, ?> parent) {
    JsonNode output = parentOutputs.get(parent.name());
    if (output == null) {
      throw new IllegalArgumentException("task " + action.taskName() + " has no parent " + parent.name()
          + "; it has " + parentOutputs.keySet());
    }
    return isSkipped(output);
  }

  /** Upstream's test for a skipped task's output, {@code {"skipped": true}}. */
  private static boolean isSkipped(JsonNode output) {
    return output != null && output.path("skipped").isBoolean() && output.path("skipped").booleanValue();
  }

  @Override
  public Map<String, String> taskRunErrors() {
    return TaskRunErrors.of(action.actionPayload());
  }

  @Override
  public <P> P parentOutput(String parentName, Class<P> type) {
    if (isSkipped(parentOutputs.get(parentName))) {
      throw new IllegalStateException(parentName + " was skipped");
    }
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

  /**
   * Completes once the log lines logged so far have reached the engine (or failed to), or after
   * {@code timeout}: the outcome is reported after them, so a finished run's lines are all stored.
   */
  CompletableFuture<Void> logsSent(Duration timeout) {
    synchronized (logLock) {
      return logTail.copy().completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
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
  public void log(LogLevel level, String message) {
    requireNonNull(level, "level");
    if (message == null || message.isEmpty()) {
      return; // the engine refuses empty lines
    }
    PutLogRequest request =
        PutLogRequest.newBuilder()
            .setTaskRunExternalId(action.taskRunId())
            .setCreatedAt(Timestamps.now())
            .setMessage(truncate(message))
            .setLevel(level.name())
            .setTaskRetryCount(action.retryCount())
            .build();
    // In the background, one line after the other so the engine stores them in order: a log line
    // must never slow or fail the task.
    synchronized (logLock) {
      logTail = logTail.thenCompose(ignored -> {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        connection.eventsAsync().putLog(request, new StreamObserver<>() {
          @Override
          public void onNext(PutLogResponse response) {}

          @Override
          public void onError(Throwable failure) {
            log.debug("a log line of task run {} was not stored: {}", action.taskRunId(), failure.getMessage());
            sent.complete(null);
          }

          @Override
          public void onCompleted() {
            sent.complete(null);
          }
        });
        return sent;
      });
    }
  }

  /** At most the engine's 10,000 characters, cut at a character boundary. */
  static String truncate(String message) {
    if (message.length() <= MAX_LOG_LINE || message.codePointCount(0, message.length()) <= MAX_LOG_LINE) {
      return message;
    }
    return message.substring(0, message.offsetByCodePoints(0, MAX_LOG_LINE));
  }

  @Override
  public void putStream(String chunk) {
    putStream(ByteString.copyFromUtf8(requireNonNull(chunk, "chunk")));
  }

  @Override
  public void putStream(byte[] chunk) {
    putStream(ByteString.copyFrom(requireNonNull(chunk, "chunk")));
  }

  private void putStream(ByteString chunk) {
    // Numbered and sent under one lock, so chunks from several threads still go out in index order.
    synchronized (streamLock) {
      PutStreamEventRequest request =
          PutStreamEventRequest.newBuilder()
              .setTaskRunExternalId(action.taskRunId())
              .setCreatedAt(Timestamps.now())
              .setMessage(chunk)
              .setEventIndex(streamIndex++)
              .build();
      try {
        // Only resent when it never reached the engine: a resent chunk would arrive twice.
        runtime.unary(
            "streaming from task run " + action.taskRunId(),
            Retrier.Replay.IF_NOT_SENT,
            () -> connection.events().putStreamEvent(request));
      } catch (RuntimeException e) {
        log.warn("a stream chunk of task run {} was not delivered: {}", action.taskRunId(), e.getMessage());
      }
    }
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
