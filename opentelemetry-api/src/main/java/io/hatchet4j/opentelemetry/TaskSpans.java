package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.HatchetAttribute.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.Chain;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.interceptor.TaskRun;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's spans: a task attempt, its cancellation, and a durable wait inside it. */
final class TaskSpans {
  private static final Logger log = LoggerFactory.getLogger(TaskSpans.class);

  private final Instrumentation instrumentation;
  private final Options options;

  TaskSpans(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    this.options = instrumentation.options();
  }

  /** {@code hatchet.start_step_run} around the handler, with the task's context and MDC current. */
  @SuppressWarnings("try") // the scopes act by being open
  Object execute(Tracer tracer, Chain<TaskRun, Object> chain) throws Exception {
    TaskRun run = chain.request();
    ActionInfo action = run.action();
    Metrics metrics = instrumentation.metrics();
    Span span;
    Context context;
    HatchetRequest request;
    TaskRun traced = run;
    long start = 0;
    try {
      request = instrumentation.describes() ? HatchetRequest.task(run) : null;
      Attributes task = taskAttributes(action);
      String defaultName = options.includeTaskNameInSpanName() ? SpanKeys.START_STEP_RUN + "." + action.actionId() : SpanKeys.START_STEP_RUN;
      SpanBuilder builder =
          tracer
              .spanBuilder(instrumentation.spanName(request, defaultName))
              .setSpanKind(SpanKind.CONSUMER)
              .setAllAttributes(task)
              .setAttribute(SpanKeys.INSTRUMENTOR, SpanKeys.INSTRUMENTOR_VALUE);
      // The payload stays on this span only: copied onto every span of the task it would multiply
      // the largest value a task has.
      String payload = action.actionPayload();
      if (payload != null && !payload.isEmpty() && !options.excluded().contains(PAYLOAD)) {
        builder.setAttribute(PAYLOAD.stringKey(), payload);
      }
      Spans.messaging(builder, options, "process", "start_step_run", action.actionId());
      if (options.messagingSemanticConventions()) {
        builder.setAttribute(SpanKeys.MESSAGING_MESSAGE_ID, action.taskRunId());
      }
      Context parent = setParent(builder, action);
      instrumentation.onStart(builder, request);
      span = builder.startSpan();
      context = Context.current().with(span).with(new TaskScope(task, action.workflowRunId(), action.taskRunId()));
      Baggage baggage = parent == null ? null : TraceContext.baggage(parent);
      if (baggage != null) {
        context = context.with(baggage);
      }
      TaskLogs logs = instrumentation.logs();
      if (logs != null && run.context() != null) {
        traced = new TaskRun(action, logs.wrap(run.context(), action, context));
      }
      if (metrics.enabled()) {
        start = metrics.taskStarted(action);
      }
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a class of the instrumentation missing where the Java agent injected it.
      log.warn("cannot trace task run {}; it runs untraced", action.taskRunId(), e);
      return chain.proceed(run);
    }
    Throwable thrown = null;
    try (Scope ignored = context.makeCurrent();
        MdcScope mdc = MdcScope.enter(span.getSpanContext(), action.taskRunId())) {
      Object output = chain.proceed(traced);
      if (isCancelled(run)) {
        span.setAttribute(SpanKeys.CANCELLED, true);
        instrumentation.cancelled(span, request, output, null);
      } else {
        instrumentation.succeeded(span, request, output, HatchetSpanStatus.OK);
      }
      return output;
    } catch (Throwable failure) {
      thrown = failure;
      if (isCancelled(run)) {
        // Not a failure of the task: whatever it threw while being stopped is discarded.
        span.setAttribute(SpanKeys.CANCELLED, true);
        instrumentation.cancelled(span, request, null, failure);
      } else {
        instrumentation.failed(span, request, failure);
      }
      throw failure;
    } finally {
      span.end();
      if (metrics.enabled()) {
        metrics.taskEnded(action, start, isCancelled(run), thrown);
      }
    }
  }

  /**
   * The task's {@code hatchet.*} attributes: on its consumer span and, through {@link TaskScope},
   * on every span started inside it.
   */
  private Attributes taskAttributes(ActionInfo action) {
    return new AttributeWriter(options.excluded())
        .text(TENANT_ID, action.tenantId())
        .text(WORKER_ID, action.workerId())
        .runId(WORKFLOW_RUN_ID, action.workflowRunId())
        .text(STEP_ID, action.taskId())
        .runId(STEP_RUN_ID, action.taskRunId())
        .number(RETRY_COUNT, action.retryCount())
        .text(PARENT_WORKFLOW_RUN_ID, action.parentWorkflowRunId())
        .number(CHILD_WORKFLOW_INDEX, action.childWorkflowIndex())
        .text(CHILD_WORKFLOW_KEY, action.childWorkflowKey())
        .text(WORKFLOW_NAME, action.workflowName())
        .text(ACTION_NAME, action.actionId())
        .text(STEP_NAME, action.taskName())
        .text(WORKFLOW_ID, action.workflowId())
        .text(WORKFLOW_VERSION_ID, action.workflowVersionId())
        .text(TRIGGERING_EVENT_EXTERNAL_ID, action.triggeringEventId())
        .text(TRIGGERING_EVENT_KEY, action.triggeringEventKey())
        .build();
  }

  /**
   * The trigger's span from the run's {@code traceparent} as parent; a new trace when there is
   * none or it is malformed, and, for child runs when links are on, a new trace linked to it.
   * Returns what the metadata carried beside the span when other propagators are in use, else null.
   */
  private Context setParent(SpanBuilder builder, ActionInfo action) {
    TraceContext propagation = instrumentation.traceContext();
    Context extracted = null;
    SpanContext trigger;
    if (propagation.hasExtra()) {
      extracted = propagation.extractContext(action.additionalMetadata());
      trigger = Span.fromContext(extracted).getSpanContext();
    } else {
      trigger = TraceContext.extract(action.additionalMetadata());
    }
    if (!trigger.isValid()) {
      builder.setNoParent();
    } else if (options.childRunLinks() && isChildRun(action)) {
      builder.setNoParent().addLink(trigger);
    } else {
      builder.setParent(Context.root().with(Span.wrap(trigger)));
    }
    return extracted;
  }

  private static boolean isChildRun(ActionInfo action) {
    return action.parentWorkflowRunId() != null
        || action.additionalMetadata().containsKey(SpanKeys.PARENT_WORKFLOW_RUN_ID_METADATA);
  }

  private static boolean isCancelled(TaskRun run) {
    return run.context() != null && run.context().isCancelled();
  }

  /**
   * {@code hatchet.cancel_step_run} around the worker's handling of a cancellation, parented as the
   * task's span is (the run's {@code traceparent}), so that it does not start a trace of its own.
   */
  Void cancel(Tracer tracer, Chain<TaskCancellation, Void> chain) throws Exception {
    TaskCancellation cancellation = chain.request();
    ActionInfo action = cancellation.action();
    Span span;
    HatchetRequest request;
    try {
      request = instrumentation.describes() ? HatchetRequest.cancel(cancellation) : null;
      SpanBuilder builder =
          tracer.spanBuilder(instrumentation.spanName(request, SpanKeys.CANCEL_STEP_RUN)).setSpanKind(SpanKind.CONSUMER);
      builder.setAttribute(SpanKeys.INSTRUMENTOR, SpanKeys.INSTRUMENTOR_VALUE);
      if (AttributeWriter.isUuid(action.taskRunId())) {
        builder.setAttribute(SpanKeys.STEP_RUN_ID, action.taskRunId());
      }
      Spans.messaging(builder, options, "process", "cancel_step_run", action.actionId());
      if (options.messagingSemanticConventions()) {
        builder.setAttribute(SpanKeys.MESSAGING_MESSAGE_ID, action.taskRunId());
      }
      setParent(builder, action);
      instrumentation.onStart(builder, request);
      span = builder.startSpan();
    } catch (RuntimeException e) {
      log.warn("cannot trace the cancellation of task run {}", action.taskRunId(), e);
      return chain.proceed(cancellation);
    }
    return Spans.call(span, List.of(), chain, cancellation, instrumentation, request, (s, result) -> {});
  }

  /** {@code hatchet.durable.wait_for}, a child of the task's span, around a durable wait. */
  JsonNode waitFor(Tracer tracer, Chain<DurableWait, JsonNode> chain) throws Exception {
    DurableWait wait = chain.request();
    Span span;
    HatchetRequest request;
    try {
      request = instrumentation.describes() ? HatchetRequest.waitFor(wait) : null;
      SpanBuilder builder =
          tracer
              .spanBuilder(instrumentation.spanName(request, SpanKeys.DURABLE_WAIT_FOR))
              .setSpanKind(SpanKind.INTERNAL)
              .setAllAttributes(
                  AttributeWriter.forSpan(options.excluded())
                      .text(SIGNAL_KEY, wait.signalKey())
                      .number(NUM_CONDITIONS, wait.conditionCount())
                      .runId(STEP_RUN_ID, wait.action().taskRunId())
                      .build());
      span = instrumentation.onStart(builder, request).startSpan();
    } catch (RuntimeException e) {
      log.warn("cannot trace a durable wait of task run {}", wait.action().taskRunId(), e);
      return chain.proceed(wait);
    }
    return Spans.call(span, List.of(), chain, wait, instrumentation, request, (s, result) -> {});
  }
}
