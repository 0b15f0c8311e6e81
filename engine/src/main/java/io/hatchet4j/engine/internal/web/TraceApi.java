package io.hatchet4j.engine.internal.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.http.HttpExtension;
import io.hatchet4j.engine.internal.http.HttpExtension.Request;
import io.hatchet4j.engine.internal.http.HttpExtension.Route;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.TaskView;
import io.hatchet4j.engine.internal.traces.SpanRecord;
import io.hatchet4j.engine.internal.traces.TraceIds;
import io.hatchet4j.engine.internal.traces.TraceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;

/**
 * The JSON routes of traces and run details.
 *
 * <ul>
 *   <li>{@code GET /api/v1/stable/tenants/{tenant}/traces?run_external_id=&offset=&limit=}: upstream's
 *       trace API ({@code OtelSpanList}), with real page counts and the run's retry counts;
 *   <li>{@code GET /api/v1/hatchet4j/runs/{run}}: a run with its tasks, their output, errors and
 *       logs, and its child runs;
 *   <li>{@code GET /api/v1/hatchet4j/runs/{run}/trace}: every span of the run's trace, all services.
 * </ul>
 *
 * <p>Not public API. Thread-safe. Span rows are upstream's {@code OtelSpan} plus exact start time,
 * events and links, which upstream's clients ignore.
 */
public final class TraceApi {
  /** Upstream's default and our ceiling of the page size of the upstream route. */
  static final int DEFAULT_LIMIT = 1000;
  /** Spans the run trace route returns at most; the page is built for ten thousand. */
  public static final int MAX_TRACE_SPANS = 100_000;
  private static final long ANSWER_TIMEOUT_SECONDS = 10;

  private final TraceStore traces;
  private final Orchestrator orchestrator;

  private TraceApi(TraceStore traces, Orchestrator orchestrator) {
    this.traces = traces;
    this.orchestrator = orchestrator;
  }

  /** The routes, for an {@link HttpExtension}. */
  public static List<Route> routes(TraceStore traces, Orchestrator orchestrator) {
    TraceApi api = new TraceApi(requireNonNull(traces, "traces"), requireNonNull(orchestrator, "orchestrator"));
    return List.of(
        new Route("GET", "/api/v1/stable/tenants/{tenant}/traces", api::otelSpanList),
        new Route("GET", "/api/v1/hatchet4j/runs/{run}", api::runDetail),
        new Route("GET", "/api/v1/hatchet4j/runs/{run}/trace", api::runTrace));
  }

  Object otelSpanList(Request request) {
    String tenantId = request.tenantId();
    if (!tenantId.equals(request.pathParams().get("tenant"))) {
      // The router answers 403 before this; never serve another tenant's spans regardless.
      throw EngineException.notFound("tenant " + request.pathParams().get("tenant") + " not found");
    }
    String runId = Ids.canonicalOrNull(request.queryParam("run_external_id").orElse(null));
    if (runId == null) {
      throw EngineException.invalidArgument("run_external_id must be a UUID");
    }
    long offset = Math.max(0, number(request, "offset", 0));
    long limit = number(request, "limit", DEFAULT_LIMIT);
    if (limit < 1) {
      limit = DEFAULT_LIMIT;
    }
    Optional<String> traceId = traces.traceIdOf(tenantId, runId);
    if (traceId.isEmpty()) {
      throw EngineException.notFound("trace not found");
    }
    TraceStore.SpanPage page = traces.spans(tenantId, traceId.get(), (int) Math.min(offset, Integer.MAX_VALUE),
        (int) Math.min(limit, Integer.MAX_VALUE));
    long pages = Math.max(1, (page.total() + limit - 1) / limit);
    long current = offset / limit + 1;
    return new OtelSpanList(new Pagination(current, current < pages ? current + 1 : current, pages),
        traces.retryCounts(tenantId, runId), rows(page.rows()));
  }

  /** Upstream's {@code OtelSpanList}; {@code num_pages} counts every span of the trace. */
  record OtelSpanList(Pagination pagination, List<Integer> retryCounts, List<SpanRow> rows) {}

  /** Upstream's {@code PaginationResponse}. */
  record Pagination(
      @JsonProperty("current_page") long currentPage,
      @JsonProperty("next_page") long nextPage,
      @JsonProperty("num_pages") long numPages) {}

  /** Every span of a run's trace, for the page. */
  record RunTrace(String runId, String traceId, long total, boolean truncated, List<SpanRow> rows) {}

  Object runDetail(Request request) throws Exception {
    String tenantId = request.tenantId();
    RunView run = orchestrator.runView(tenantId, request.pathParams().get("run"))
        .get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    ObjectNode body = Json.newObject()
        .put("id", run.id())
        .put("workflow", run.workflowName())
        .put("workflowId", run.workflowId())
        .put("status", run.status().name())
        .put("createdAt", time(run.createdAtMs()))
        .put("startedAt", time(run.startedAtMs()))
        .put("finishedAt", time(run.finishedAtMs()))
        .put("parentTaskRunId", run.parentTaskRunId())
        .put("triggeringEventId", run.triggeringEventId())
        .put("traceId", traceIdOf(traces, tenantId, run));
    body.set("input", json(run.input()));
    body.set("additionalMetadata", json(run.additionalMetadata()));
    ArrayNode tasks = body.putArray("tasks");
    for (TaskView task : run.tasks()) {
      ObjectNode t = tasks.addObject()
          .put("id", task.id())
          .put("name", task.readableId())
          .put("actionId", task.actionId())
          .put("status", task.status().name())
          .put("retryCount", task.retryCount())
          .put("attempts", task.attempts())
          .put("workerId", task.workerId())
          .put("startedAt", time(task.startedAtMs()))
          .put("finishedAt", time(task.finishedAtMs()))
          .put("onFailure", task.onFailure())
          .put("error", task.status().isTerminal() ? task.error() : null);
      t.set("output", task.output() == null ? null : json(task.output()));
      ArrayNode logs = t.putArray("logs");
      for (LogRecord log : orchestrator.logs(tenantId, task.id()).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        logs.addObject()
            .put("createdAt", time(log.createdAtMs()))
            .put("level", log.level())
            .put("message", log.message())
            .put("retryCount", log.retryCount());
      }
    }
    ArrayNode children = body.putArray("children");
    List<String> taskIds = run.tasks().stream().map(TaskView::id).toList();
    for (RunView other : orchestrator.stored().childrenOf(tenantId, taskIds)) {
      {
        children.addObject()
            .put("id", other.id())
            .put("workflow", other.workflowName())
            .put("status", other.status().name())
            .put("parentTaskRunId", other.parentTaskRunId())
            .put("createdAt", time(other.createdAtMs()));
      }
    }
    return body;
  }

  Object runTrace(Request request) throws Exception {
    String tenantId = request.tenantId();
    RunView run = orchestrator.runView(tenantId, request.pathParams().get("run"))
        .get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String traceId = traceIdOf(traces, tenantId, run);
    long limit = Math.min(MAX_TRACE_SPANS, Math.max(1, number(request, "limit", MAX_TRACE_SPANS)));
    TraceStore.SpanPage page = traces.spans(tenantId, traceId, 0, (int) limit);
    return new RunTrace(run.id(), traceId, page.total(), page.total() > page.rows().size(), rows(page.rows()));
  }

  /**
   * The trace the run's spans were seen in, else the one its engine spans use: the run's
   * traceparent's (the engine stamps one on every run it creates), else its derived trace.
   */
  public static String traceIdOf(TraceStore traces, String tenantId, RunView run) {
    return traces.traceIdOf(tenantId, run.id())
        .or(() -> TraceIds.traceparentOf(run.additionalMetadata()).map(TraceIds.TraceParent::traceId))
        .orElseGet(() -> TraceIds.workflowRunTraceId(run.id()));
  }

  /** A span as upstream's {@code OtelSpan}, plus exact times, events and links. */
  record SpanRow(
      String traceId,
      String spanId,
      @Nullable String parentSpanId,
      String spanName,
      String spanKind,
      String serviceName,
      String statusCode,
      @Nullable String statusMessage,
      long durationNs,
      String createdAt,
      String startTimeUnixNano,
      Map<String, String> resourceAttributes,
      Map<String, String> spanAttributes,
      String scopeName,
      @Nullable String scopeVersion,
      int retryCount,
      List<EventRow> events,
      List<LinkRow> links) {}

  record EventRow(String name, String timeUnixNano, Map<String, String> attributes) {}

  record LinkRow(String traceId, String spanId, Map<String, String> attributes) {}

  static List<SpanRow> rows(List<SpanRecord> spans) {
    List<SpanRow> rows = new ArrayList<>(spans.size());
    for (SpanRecord span : spans) {
      List<EventRow> events = new ArrayList<>(span.events().size());
      for (SpanRecord.Event event : span.events()) {
        events.add(new EventRow(event.name(), Long.toUnsignedString(event.timeNs()), text(event.attributes())));
      }
      List<LinkRow> links = new ArrayList<>(span.links().size());
      for (SpanRecord.Link link : span.links()) {
        links.add(new LinkRow(link.traceId(), link.spanId(), text(link.attributes())));
      }
      rows.add(new SpanRow(span.traceId(), span.spanId(), span.parentSpanId(), span.name(), span.kind(),
          span.serviceName(), span.statusCode(), span.statusMessage(), span.durationNs(),
          Instant.ofEpochSecond(0, span.startNs()).toString(), Long.toUnsignedString(span.startNs()),
          text(span.resourceAttributes()), text(span.attributes()), span.scopeName(), span.scopeVersion(),
          span.retryCount(), events, links));
    }
    return rows;
  }

  /** Attribute values as upstream's API gives them: text, with arrays and maps as JSON. */
  private static Map<String, String> text(Map<String, Object> attributes) {
    Map<String, String> text = new HashMap<>(attributes.size() * 2);
    attributes.forEach((key, value) ->
        text.put(key, value instanceof String ? (String) value : node(value).toString()));
    return text;
  }

  /** Built node by node, not serialized, so that key-value lists keep their order. */
  private static JsonNode node(@Nullable Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(element -> array.add(node(element)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = nodes.objectNode();
      map.forEach((key, element) -> object.set(String.valueOf(key), node(element)));
      return object;
    }
    if (value instanceof Long) {
      return nodes.numberNode((Long) value);
    }
    if (value instanceof Double) {
      return nodes.numberNode((Double) value);
    }
    if (value instanceof Boolean) {
      return nodes.booleanNode((Boolean) value);
    }
    return value == null ? nodes.nullNode() : nodes.textNode(value.toString());
  }

  private static long number(Request request, String name, long fallback) {
    Optional<String> value = request.queryParam(name);
    if (value.isEmpty() || value.get().isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.get().strip());
    } catch (NumberFormatException e) {
      throw EngineException.invalidArgument(name + " must be an integer, got '" + value.get() + "'");
    }
  }

  private static JsonNode json(String text) {
    JsonNode node = Json.parseObjectOrNull(text);
    return node != null ? node : Json.mapper().getNodeFactory().textNode(text);
  }

  @Nullable
  private static String time(@Nullable Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
