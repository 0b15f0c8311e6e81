package io.hatchet4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.NonRetryableException;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.StepActionEventType;
import io.hatchet4j.workflow.Task;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt of a task on this worker: decodes the assignment, runs the handler through the
 * interceptors, and reports the outcome. Not public API.
 */
final class TaskExecution implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

  /** Error reports are cut to this length; the engine stores them and sends them to clients. */
  static final int MAX_ERROR_LENGTH = 32 * 1024;
  /** SLF4J MDC keys set while the handler runs, for log patterns. */
  static final String MDC_WORKFLOW_RUN_ID = "hatchet.workflow_run_id";
  static final String MDC_TASK_RUN_ID = "hatchet.task_run_id";

  private final GrpcWorker worker;
  /** The longest a task's outcome waits for its log lines to reach the engine. */
  private static final Duration LOG_FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private final AssignedAction action;
  private final Task<Object, Object> task;
  private final RealTaskContext context;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final long assignedAt = System.nanoTime();
  private Thread runner; // guarded by this
  private CompletableFuture<?> pending; // an asynchronous handler's stage; guarded by this
  private boolean handedBack; // guarded by this

  TaskExecution(GrpcWorker worker, AssignedAction action, Task<Object, Object> task, RealTaskContext context) {
    this.worker = worker;
    this.action = action;
    this.task = task;
    this.context = context;
  }

  RealTaskContext context() {
    return context;
  }

  CompletableFuture<Void> finished() {
    return finished;
  }

  @Override
  public void run() {
    synchronized (this) {
      if (context.isCancelled()) {
        finished.complete(null);
        return;
      }
      runner = Thread.currentThread();
    }
    worker.counters().started(action.getRetryCount(), System.nanoTime() - assignedAt);
    CompletableFuture<Void> started = worker.report(action, StepActionEventType.STEP_EVENT_TYPE_STARTED, "", false);
    Object output;
    CurrentTask.set(context);
    MDC.put(MDC_WORKFLOW_RUN_ID, action.getWorkflowRunId());
    MDC.put(MDC_TASK_RUN_ID, action.getTaskRunExternalId());
    try {
      output = invokeHandler();
    } catch (Throwable failure) {
      output = new Failed(failure);
    } finally {
      MDC.remove(MDC_WORKFLOW_RUN_ID);
      MDC.remove(MDC_TASK_RUN_ID);
      CurrentTask.clear();
    }
    synchronized (this) {
      runner = null;
      // Clear an interrupt aimed at this task, so it does not hit the next one on this thread.
      Thread.interrupted();
    }
    if (output instanceof CompletionStage<?> stage) {
      // An asynchronous handler: the slot stays taken until its stage completes, but no thread waits.
      CompletableFuture<?> future = stage.toCompletableFuture();
      synchronized (this) {
        pending = future;
      }
      if (isHandedBack() || context.isCancelled()) {
        future.cancel(true);
      }
      future.whenComplete((value, failure) -> complete(started, failure == null ? value : new Failed(unwrap(failure))));
    } else {
      complete(started, output);
    }
  }

  /** Reports the attempt's end: {@code output} is the handler's result or a {@link Failed}. */
  private void complete(CompletableFuture<Void> started, Object output) {
    context.finish();
    boolean cancelled = context.isCancelled() || isHandedBack();
    Outcome outcome = cancelled ? null : outcome(output);
    worker.counters().ended(
        cancelled
            ? WorkerCounters.Outcome.CANCELLED
            : outcome.type == StepActionEventType.STEP_EVENT_TYPE_COMPLETED
                ? WorkerCounters.Outcome.COMPLETED
                : WorkerCounters.Outcome.FAILED);
    if (cancelled) {
      log.debug("task run {} was cancelled; its outcome is not reported", action.getTaskRunExternalId());
      finished.complete(null);
      return;
    }
    // Reported after STARTED is acknowledged, so the engine sees them in order, and after the
    // task's log lines, so a finished run's logs are all there (bounded: a slow engine delays the
    // outcome by at most LOG_FLUSH_TIMEOUT).
    CompletableFuture<Void> logged = context.logsSent(LOG_FLUSH_TIMEOUT);
    started
        .thenCompose(ignored -> logged)
        .thenCompose(ignored -> worker.report(action, outcome.type, outcome.payload, outcome.shouldNotRetry))
        .whenComplete((ignored, failure) -> finished.complete(null));
  }

  private Object invokeHandler() throws Exception {
    Object input = decodeInput();
    return worker.runtime().interceptors().invoke(
        HatchetInterceptor::executeTask,
        run -> task.handler().run(input, run.context()),
        new TaskRun(context.action(), context));
  }

  private Outcome outcome(Object output) {
    if (output instanceof Failed failed) {
      Throwable failure = failed.failure();
      if (failure instanceof Error && !(failure instanceof AssertionError) && !(failure instanceof StackOverflowError)) {
        log.error("task run {} hit a JVM error", action.getTaskRunExternalId(), failure);
      }
      return Outcome.failure(failure);
    }
    try {
      String payload = Json.text(Json.toObject(worker.runtime().mapper(), output, "output of task " + task.name()));
      return new Outcome(StepActionEventType.STEP_EVENT_TYPE_COMPLETED, payload, false);
    } catch (IllegalArgumentException e) {
      return Outcome.failure(new NonRetryableException(e.getMessage(), e));
    } catch (RuntimeException e) {
      return Outcome.failure(e);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /** A handler's failure, kept apart from any output value. */
  private record Failed(Throwable failure) {}

  private Object decodeInput() {
    JsonNode payload;
    try {
      payload = Json.parse(action.getActionPayload());
    } catch (JsonProcessingException e) {
      throw new NonRetryableException("the engine sent an action payload that is not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode input = payload.path("input");
    if (input.isMissingNode() || input.isNull()) {
      input = worker.runtime().mapper().createObjectNode();
    }
    try {
      return worker.runtime().mapper().treeToValue(input, task.inputType());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new NonRetryableException(
          "input of task " + task.name() + " cannot be read as " + task.inputType().getName() + ": " + e.getMessage(), e);
    }
  }

  /** The outputs of completed parents, by task name, from an action payload. */
  static Map<String, JsonNode> parentOutputs(String actionPayload) {
    Map<String, JsonNode> parents = new LinkedHashMap<>();
    try {
      Json.parse(actionPayload).path("parents").properties().forEach(e -> parents.put(e.getKey(), e.getValue()));
    } catch (JsonProcessingException e) {
      // Reported when the input is decoded; no parents to offer meanwhile.
    }
    return parents;
  }

  /** Whether the task is blocked in a durable wait. */
  boolean isDurablyWaiting() {
    return context instanceof RealDurableContext durable && durable.isWaiting();
  }

  /** Cancels the attempt: flag, callbacks, then an interrupt of the handler's thread. */
  void cancel() {
    if (context.cancel()) {
      interrupt();
    }
  }

  /** Stops the attempt without reporting it, so the engine gives it to another worker. */
  void handBack() {
    synchronized (this) {
      handedBack = true;
    }
    context.cancel();
    interrupt();
  }

  private synchronized boolean isHandedBack() {
    return handedBack;
  }

  private synchronized void interrupt() {
    if (runner != null) {
      runner.interrupt();
    }
    if (pending != null) {
      pending.cancel(true);
    }
  }

  private static final class Outcome {
    final StepActionEventType type;
    final String payload;
    final boolean shouldNotRetry;

    Outcome(StepActionEventType type, String payload, boolean shouldNotRetry) {
      this.type = type;
      this.payload = payload;
      this.shouldNotRetry = shouldNotRetry;
    }

    static Outcome failure(Throwable failure) {
      return new Outcome(StepActionEventType.STEP_EVENT_TYPE_FAILED, describe(failure), isNonRetryable(failure));
    }
  }

  private static boolean isNonRetryable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NonRetryableException) {
        return true;
      }
    }
    return false;
  }

  /** {@code <exception class>: <message>}, then the stack trace, as other SDKs report failures. */
  static String describe(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    String described = text.toString().replace("\u0000", "");
    return described.length() <= MAX_ERROR_LENGTH ? described : described.substring(0, MAX_ERROR_LENGTH) + "\n…(truncated)";
  }
}
