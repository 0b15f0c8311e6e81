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

  private final Options options;
  private volatile String namespace = "";

  TriggerSpans(Options options) {
    this.options = options;
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
    try {
      span = runSpan(tracer, trigger, Context.current());
      traced = withTraceContext(trigger, Context.current().with(span), trigger::withAdditionalMetadata);
    } catch (RuntimeException e) {
      return untraced(chain, trigger, span, e);
    }
    return Spans.call(span, List.of(), chain, traced, options, this::recordRunId);
  }

  private void recordRunId(Span span, String runId) {
    if (runId != null && !runId.isEmpty() && !options.excluded().contains(CHILD_WORKFLOW_RUN_ID)) {
      span.setAttribute(CHILD_WORKFLOW_RUN_ID.stringKey(), runId);
    }
    Spans.messageId(span, options, runId);
  }

  /** A producer span's builder with {@code attributes} and, if opted in, the messaging conventions. */
  private SpanBuilder producer(Tracer tracer, String name, AttributeWriter attributes, String operation, String destination) {
    SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.PRODUCER).setAllAttributes(attributes.build());
    return Spans.messaging(builder, options, "send", operation, destination);
  }

  private Span runSpan(Tracer tracer, WorkflowTrigger trigger, Context parent) {
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
    return producer(tracer, SpanKeys.RUN_WORKFLOW, attributes, "run_workflow", workflowName).setParent(parent).startSpan();
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
    try {
      bulk = bulkSpan(tracer, RUNS, triggers, WorkflowTrigger::workflowName, WorkflowTrigger::input);
      Context bulkContext = Context.current().with(bulk);
      for (WorkflowTrigger trigger : triggers) {
        Context itemContext = bulkContext;
        if (options.individualRunSpansForBulkRun()) {
          Span item = runSpan(tracer, trigger, bulkContext);
          items.add(item);
          itemContext = bulkContext.with(item);
        }
        traced.add(withTraceContext(trigger, itemContext, trigger::withAdditionalMetadata));
      }
    } catch (RuntimeException e) {
      items.forEach(Span::end);
      return untraced(chain, triggers, bulk, e);
    }
    return Spans.call(bulk, items, chain, traced, options, (span, ids) -> recordRunIds(items, ids));
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
    try {
      String workflowName = withoutNamespace(schedule.workflowName());
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
      span = producer(tracer, SpanKeys.SCHEDULE_WORKFLOW, attributes, "schedule_workflow", workflowName).startSpan();
      traced = withTraceContext(schedule, Context.current().with(span), schedule::withAdditionalMetadata);
    } catch (RuntimeException e) {
      return untraced(chain, schedule, span, e);
    }
    return Spans.call(span, List.of(), chain, traced, options, (s, ids) -> {});
  }

  /**
   * {@code hatchet.push_event}; the event carries its trace context and, when pushed inside a task,
   * that task's run ids, by which the engine links the runs it starts back to the task.
   */
  String push(Tracer tracer, Chain<EventPush, String> chain) throws Exception {
    EventPush event = chain.request();
    Span span = null;
    EventPush traced;
    try {
      String key = withoutNamespace(event.key());
      AttributeWriter attributes =
          AttributeWriter.forSpan(options.excluded())
              .text(EVENT_KEY, key)
              .json(PAYLOAD, event.payload())
              .json(ADDITIONAL_METADATA, callerMetadata(event.additionalMetadata()))
              .number(PRIORITY, event.priority())
              .text(SCOPE, event.scope());
      span = producer(tracer, SpanKeys.PUSH_EVENT, attributes, "push_event", key).startSpan();
      Map<String, String> metadata = eventMetadata(Context.current().with(span));
      traced = metadata.isEmpty() ? event : event.withAdditionalMetadata(metadata);
    } catch (RuntimeException e) {
      return untraced(chain, event, span, e);
    }
    return Spans.call(span, List.of(), chain, traced, options, (s, id) -> Spans.messageId(s, options, id));
  }

  /** {@code hatchet.bulk_push_event}; every event carries the same trace context and source ids. */
  List<String> pushMany(Tracer tracer, Chain<List<EventPush>, List<String>> chain) throws Exception {
    List<EventPush> events = chain.request();
    Span span = null;
    List<EventPush> traced = new ArrayList<>(events.size());
    try {
      span = bulkSpan(tracer, EVENTS, events, EventPush::key, EventPush::payload);
      Map<String, String> metadata = eventMetadata(Context.current().with(span));
      for (EventPush event : events) {
        traced.add(metadata.isEmpty() ? event : event.withAdditionalMetadata(metadata));
      }
    } catch (RuntimeException e) {
      return untraced(chain, events, span, e);
    }
    return Spans.call(span, List.of(), chain, traced, options, (s, ids) -> {});
  }

  /** What a bulk span counts and lists, and under which keys. */
  private record BulkKind(
      String spanName,
      String operation,
      AttributeKey<Long> count,
      AttributeKey<String> uniqueNames,
      HatchetAttribute singleName,
      boolean withNamespace) {}

  private static final BulkKind RUNS =
      new BulkKind(SpanKeys.RUN_WORKFLOWS, "run_workflows", SpanKeys.NUM_WORKFLOWS, SpanKeys.UNIQUE_WORKFLOW_NAMES, WORKFLOW_NAME, true);

  private static final BulkKind EVENTS =
      new BulkKind(SpanKeys.BULK_PUSH_EVENT, "bulk_push_event", SpanKeys.NUM_EVENTS, SpanKeys.UNIQUE_EVENT_KEYS, EVENT_KEY, false);

  /**
   * A bulk span: how many items, their names as a sorted JSON array (the name itself when there is
   * one), and their payloads as a JSON array.
   */
  private <T> Span bulkSpan(Tracer tracer, BulkKind kind, List<T> items, Function<T, String> name, Function<T, String> payload) {
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
    SpanBuilder builder = producer(tracer, kind.spanName(), attributes, kind.operation(), single);
    if (options.messagingSemanticConventions()) {
      builder.setAttribute(SpanKeys.MESSAGING_BATCH_MESSAGE_COUNT, (long) items.size());
    }
    return builder.startSpan();
  }

  /** The trace context of {@code context}, plus the ids of the task it runs in, if any. */
  private static Map<String, String> eventMetadata(Context context) {
    Map<String, String> metadata = TraceContext.inject(context);
    TaskScope task = TaskScope.from(context);
    if (task != null && task.workflowRunId() != null && task.taskRunId() != null) {
      metadata.put(SpanKeys.SOURCE_WORKFLOW_RUN_ID, task.workflowRunId());
      metadata.put(SpanKeys.SOURCE_STEP_RUN_ID, task.taskRunId());
    }
    return metadata;
  }

  private static <T> T withTraceContext(T request, Context context, Function<Map<String, String>, T> withMetadata) {
    Map<String, String> carrier = TraceContext.inject(context);
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
    if (!metadata.containsKey(TraceContext.TRACEPARENT) && !metadata.containsKey(TraceContext.TRACESTATE)) {
      return json(metadata);
    }
    Map<String, String> caller = new LinkedHashMap<>(metadata);
    caller.remove(TraceContext.TRACEPARENT);
    caller.remove(TraceContext.TRACESTATE);
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
