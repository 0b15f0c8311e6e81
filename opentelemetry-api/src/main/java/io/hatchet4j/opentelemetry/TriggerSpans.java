package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.HatchetAttribute.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.interceptor.Chain;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's spans: triggering, scheduling and pushing. Each is a child of the current context
 * (inside a task, the task's span) and writes its own trace context into the request's metadata,
 * so the runs and events it creates continue its trace.
 */
final class TriggerSpans {
  private static final Logger log = LoggerFactory.getLogger(TriggerSpans.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Instrumentation instrumentation;
  private final Options options;
  private volatile String namespace = "";

  TriggerSpans(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    this.options = instrumentation.options();
  }

  /** The client's namespace, recorded on spans and removed from the names they record. */
  void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** {@code hatchet.run_workflow}; records the new run's id. */
  String run(Tracer tracer, Chain<WorkflowTrigger, String> chain) throws Exception {
    WorkflowTrigger trigger = chain.request();
    Span span = null;
    WorkflowTrigger traced;
    HatchetRequest request;
    String workflowName;
    try {
      workflowName = withoutNamespace(trigger.workflowName());
      request = instrumentation.describes() ? HatchetRequest.trigger(trigger, workflowName) : null;
      span = runSpan(tracer, trigger, Context.current(), request);
      traced = withRunContext(trigger, Context.current().with(span), trigger::withAdditionalMetadata);
    } catch (RuntimeException e) {
      return untraced(chain, trigger, span, e);
    }
    Span started = span;
    return measured(
        HatchetOperation.RUN_WORKFLOW,
        workflowName,
        1,
        () -> Spans.call(started, List.of(), chain, traced, instrumentation, request, this::recordRunId));
  }

  /** A call to proceed with, that may throw what the chain throws. */
  @FunctionalInterface
  private interface Call<R> {
    R call() throws Exception;
  }

  /** Runs {@code call}, recording the client metrics of sending {@code count} messages if they are on. */
  private <R> R measured(HatchetOperation operation, String destination, int count, Call<R> call) throws Exception {
    Metrics metrics = instrumentation.metrics();
    if (!metrics.enabled()) {
      return call.call();
    }
    long start = System.nanoTime();
    try {
      R result = call.call();
      metrics.sent(operation, destination, count, start, null);
      return result;
    } catch (Throwable failure) {
      metrics.sent(operation, destination, count, start, failure);
      throw failure;
    }
  }

  private void recordRunId(Span span, String runId) {
    if (runId != null && !runId.isEmpty() && !options.excluded().contains(CHILD_WORKFLOW_RUN_ID)) {
      span.setAttribute(CHILD_WORKFLOW_RUN_ID.stringKey(), runId);
    }
    Spans.messageId(span, options, runId);
  }

  /** A producer span's builder with {@code attributes} and, if opted in, the messaging conventions. */
  private SpanBuilder producer(
      Tracer tracer, String name, AttributeWriter attributes, String operation, String destination, HatchetRequest request) {
    SpanBuilder builder =
        tracer.spanBuilder(instrumentation.spanName(request, name)).setSpanKind(SpanKind.PRODUCER).setAllAttributes(attributes.build());
    return instrumentation.onStart(Spans.messaging(builder, options, "send", operation, destination), request);
  }

  private Span runSpan(Tracer tracer, WorkflowTrigger trigger, Context parent, HatchetRequest request) {
    String workflowName = withoutNamespace(trigger.workflowName());
    AttributeWriter attributes =
        AttributeWriter.forSpan(options.excluded())
            .text(WORKFLOW_NAME, workflowName)
            // Hatchet's OpenTelemetry documentation names the triggered workflow hatchet.step_name
            // on producer spans; the official SDKs' code writes only hatchet.workflow_name.
            .text(STEP_NAME, workflowName)
            .json(PAYLOAD, trigger.input())
            .text(PARENT_ID, trigger.parentWorkflowRunId())
            .text(PARENT_STEP_RUN_ID, trigger.parentTaskRunId())
            .number(CHILD_INDEX, trigger.childIndex())
            // The SDK sends the caller's idempotency key as the child key; at the top level it is
            // what the Python SDK records as hatchet.key.
            .text(trigger.isChild() ? CHILD_KEY : KEY, trigger.childKey())
            .text(NAMESPACE, namespace)
            .json(ADDITIONAL_METADATA, callerMetadata(trigger.additionalMetadata()))
            .number(PRIORITY, trigger.priority());
    return producer(tracer, SpanKeys.RUN_WORKFLOW, attributes, "run_workflow", workflowName, request).setParent(parent).startSpan();
  }

  /**
   * {@code hatchet.run_workflows}; every run carries its trace context, or, with individual run
   * spans on, each run gets a {@code hatchet.run_workflow} child span whose context it carries.
   */
  List<String> runMany(Tracer tracer, Chain<List<WorkflowTrigger>, List<String>> chain) throws Exception {
    List<WorkflowTrigger> triggers = chain.request();
    Span bulk = null;
    List<Span> items = new ArrayList<>();
    List<WorkflowTrigger> traced = new ArrayList<>(triggers.size());
    Bulk started;
    try {
      started = bulkSpan(tracer, RUNS, triggers, WorkflowTrigger::workflowName, WorkflowTrigger::input);
      bulk = started.span();
      Context bulkContext = Context.current().with(bulk);
      for (WorkflowTrigger trigger : triggers) {
        Context itemContext = bulkContext;
        if (options.individualRunSpansForBulkRun()) {
          HatchetRequest itemRequest =
              instrumentation.describes() ? HatchetRequest.trigger(trigger, withoutNamespace(trigger.workflowName())) : null;
          Span item = runSpan(tracer, trigger, bulkContext, itemRequest);
          items.add(item);
          itemContext = bulkContext.with(item);
        }
        traced.add(withRunContext(trigger, itemContext, trigger::withAdditionalMetadata));
      }
    } catch (RuntimeException e) {
      items.forEach(Span::end);
      return untraced(chain, triggers, bulk, e);
    }
    Span span = bulk;
    return measured(
        HatchetOperation.RUN_WORKFLOWS,
        started.destination(),
        triggers.size(),
        () -> Spans.call(span, items, chain, traced, instrumentation, started.request(), (s, ids) -> recordRunIds(items, ids)));
  }

  private void recordRunIds(List<Span> items, List<String> ids) {
    if (ids != null && ids.size() == items.size()) {
      for (int i = 0; i < ids.size(); i++) {
        recordRunId(items.get(i), ids.get(i));
      }
    }
  }

  /** {@code hatchet.schedule_workflow}; the scheduled runs carry its trace context. */
  List<String> schedule(Tracer tracer, Chain<WorkflowSchedule, List<String>> chain) throws Exception {
    WorkflowSchedule schedule = chain.request();
    Span span = null;
    WorkflowSchedule traced;
    HatchetRequest request;
    String workflowName;
    try {
      workflowName = withoutNamespace(schedule.workflowName());
      request = instrumentation.describes() ? HatchetRequest.schedule(schedule, workflowName) : null;
      List<String> instants = schedule.triggerAt().stream().map(Instant::toString).toList();
      AttributeWriter attributes =
          AttributeWriter.forSpan(options.excluded())
              .text(WORKFLOW_NAME, workflowName)
              .json(RUN_AT_TIMESTAMPS, json(instants))
              .text(TRIGGER_AT, instants.size() == 1 ? instants.get(0) : null)
              .json(PAYLOAD, schedule.input())
              .text(NAMESPACE, namespace)
              .json(ADDITIONAL_METADATA, callerMetadata(schedule.additionalMetadata()))
              .number(PRIORITY, schedule.priority());
      span = producer(tracer, SpanKeys.SCHEDULE_WORKFLOW, attributes, "schedule_workflow", workflowName, request).startSpan();
      traced = withTraceContext(schedule, Context.current().with(span), schedule::withAdditionalMetadata);
    } catch (RuntimeException e) {
      return untraced(chain, schedule, span, e);
    }
    Span started = span;
    return measured(
        HatchetOperation.SCHEDULE_WORKFLOW,
        workflowName,
        schedule.triggerAt().size(),
        () -> Spans.call(started, List.of(), chain, traced, instrumentation, request, (s, ids) -> {}));
  }

  /**
   * {@code hatchet.push_event}; the event carries its trace context and, when pushed inside a task,
   * that task's run ids, by which the engine links the runs it starts back to the task.
   */
  String push(Tracer tracer, Chain<EventPush, String> chain) throws Exception {
    EventPush event = chain.request();
    Span span = null;
    EventPush traced;
    HatchetRequest request;
    String key;
    try {
      key = withoutNamespace(event.key());
      request = instrumentation.describes() ? HatchetRequest.push(event, key) : null;
      AttributeWriter attributes =
          AttributeWriter.forSpan(options.excluded())
              .text(EVENT_KEY, key)
              .json(PAYLOAD, event.payload())
              .json(ADDITIONAL_METADATA, callerMetadata(event.additionalMetadata()))
              .number(PRIORITY, event.priority())
              .text(SCOPE, event.scope());
      span = producer(tracer, SpanKeys.PUSH_EVENT, attributes, "push_event", key, request).startSpan();
      Map<String, String> metadata = eventMetadata(Context.current().with(span));
      traced = metadata.isEmpty() ? event : event.withAdditionalMetadata(metadata);
    } catch (RuntimeException e) {
      return untraced(chain, event, span, e);
    }
    Span started = span;
    return measured(
        HatchetOperation.PUSH_EVENT,
        key,
        1,
        () -> Spans.call(started, List.of(), chain, traced, instrumentation, request, (s, id) -> Spans.messageId(s, options, id)));
  }

  /** {@code hatchet.bulk_push_event}; every event carries the same trace context and source ids. */
  List<String> pushMany(Tracer tracer, Chain<List<EventPush>, List<String>> chain) throws Exception {
    List<EventPush> events = chain.request();
    Span span = null;
    List<EventPush> traced = new ArrayList<>(events.size());
    Bulk started;
    try {
      started = bulkSpan(tracer, EVENTS, events, EventPush::key, EventPush::payload);
      span = started.span();
      Map<String, String> metadata = eventMetadata(Context.current().with(span));
      for (EventPush event : events) {
        traced.add(metadata.isEmpty() ? event : event.withAdditionalMetadata(metadata));
      }
    } catch (RuntimeException e) {
      return untraced(chain, events, span, e);
    }
    Span bulk = span;
    return measured(
        HatchetOperation.BULK_PUSH_EVENT,
        started.destination(),
        events.size(),
        () -> Spans.call(bulk, List.of(), chain, traced, instrumentation, started.request(), (s, ids) -> {}));
  }

  /** What a bulk span counts and lists, and under which keys. */
  private record BulkKind(
      HatchetOperation hatchetOperation,
      String spanName,
      String operation,
      AttributeKey<Long> count,
      AttributeKey<String> uniqueNames,
      HatchetAttribute singleName,
      boolean withNamespace) {}

  private static final BulkKind RUNS =
      new BulkKind(HatchetOperation.RUN_WORKFLOWS, SpanKeys.RUN_WORKFLOWS, "run_workflows", SpanKeys.NUM_WORKFLOWS, SpanKeys.UNIQUE_WORKFLOW_NAMES, WORKFLOW_NAME, true);

  private static final BulkKind EVENTS =
      new BulkKind(HatchetOperation.BULK_PUSH_EVENT, SpanKeys.BULK_PUSH_EVENT, "bulk_push_event", SpanKeys.NUM_EVENTS, SpanKeys.UNIQUE_EVENT_KEYS, EVENT_KEY, false);

  /**
   * A bulk span: how many items, their names as a sorted JSON array (the name itself when there is
   * one), and their payloads as a JSON array.
   */
  private record Bulk(Span span, HatchetRequest request, String destination) {}

  private <T> Bulk bulkSpan(Tracer tracer, BulkKind kind, List<T> items, Function<T, String> name, Function<T, String> payload) {
    TreeSet<String> names = new TreeSet<>();
    List<String> payloads = new ArrayList<>(items.size());
    for (T item : items) {
      names.add(withoutNamespace(name.apply(item)));
      payloads.add(payload.apply(item));
    }
    String single = names.size() == 1 ? names.first() : null;
    AttributeWriter attributes =
        AttributeWriter.forSpan(options.excluded())
            .always(kind.count(), (long) items.size())
            .always(kind.uniqueNames(), json(names))
            .text(kind.singleName(), single)
            .json(PAYLOAD, rawJsonArray(payloads))
            .text(NAMESPACE, kind.withNamespace() ? namespace : null);
    HatchetRequest request = instrumentation.describes() ? HatchetRequest.bulk(kind.hatchetOperation(), items, single) : null;
    SpanBuilder builder = producer(tracer, kind.spanName(), attributes, kind.operation(), single, request);
    if (options.messagingSemanticConventions()) {
      builder.setAttribute(SpanKeys.MESSAGING_BATCH_MESSAGE_COUNT, (long) items.size());
    }
    return new Bulk(builder.startSpan(), request, single);
  }

  /** The trace context of {@code context}, plus the ids of the task it runs in, if any. */
  private Map<String, String> eventMetadata(Context context) {
    Map<String, String> metadata = instrumentation.traceContext().inject(context);
    TaskScope task = TaskScope.from(context);
    if (task != null && task.workflowRunId() != null && task.taskRunId() != null) {
      metadata.put(SpanKeys.SOURCE_WORKFLOW_RUN_ID, task.workflowRunId());
      metadata.put(SpanKeys.SOURCE_STEP_RUN_ID, task.taskRunId());
    }
    return metadata;
  }

  private <T> T withTraceContext(T request, Context context, Function<Map<String, String>, T> withMetadata) {
    Map<String, String> carrier = instrumentation.traceContext().inject(context);
    return carrier.isEmpty() ? request : withMetadata.apply(carrier);
  }

  /**
   * A run's trace context and, with metrics on, when it was triggered, from which the worker
   * measures its queue wait.
   */
  private <T> T withRunContext(T request, Context context, Function<Map<String, String>, T> withMetadata) {
    Map<String, String> carrier = instrumentation.traceContext().inject(context);
    if (instrumentation.metrics().enabled()) {
      carrier.put(Metrics.ENQUEUED_AT, Long.toString(System.currentTimeMillis()));
    }
    return carrier.isEmpty() ? request : withMetadata.apply(carrier);
  }

  /** Instrumentation broke before the call: end what was started, and make the call untraced. */
  private static <Q, R> R untraced(Chain<Q, R> chain, Q request, Span span, RuntimeException e) throws Exception {
    log.warn("cannot trace a Hatchet call; it proceeds untraced", e);
    if (span != null) {
      span.end();
    }
    return chain.proceed(request);
  }

  private String withoutNamespace(String name) {
    String prefix = namespace;
    return !prefix.isEmpty() && name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  /**
   * The metadata as the caller gave it: trace context inherited from a parent run is left out, as
   * the span's own replaces it.
   */
  private static String callerMetadata(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return null;
    }
    if (!metadata.containsKey(TraceContext.TRACEPARENT)
        && !metadata.containsKey(TraceContext.TRACESTATE)
        && !metadata.containsKey(Metrics.ENQUEUED_AT)) {
      return json(metadata);
    }
    Map<String, String> caller = new LinkedHashMap<>(metadata);
    caller.remove(TraceContext.TRACEPARENT);
    caller.remove(TraceContext.TRACESTATE);
    caller.remove(Metrics.ENQUEUED_AT);
    return json(caller);
  }

  /** A JSON array of values that are JSON texts already. */
  private static String rawJsonArray(Collection<String> jsonTexts) {
    return jsonTexts.isEmpty() ? null : "[" + String.join(",", jsonTexts) + "]";
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
