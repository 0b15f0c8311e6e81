package io.hatchet4j.engine.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.annotation.Nullable;

/** What the REST route classes share: upstream's JSON conventions and request parsing. */
final class Rest {
  /** How long a route waits for the scheduler's answer. */
  static final long ANSWER_TIMEOUT_SECONDS = 10;
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 10_000;

  private Rest() {}

  /** Waits for the engine's answer; its errors reach the router, which maps them to statuses. */
  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Upstream's {@code APIResourceMeta}. */
  static ObjectNode meta(String id, long createdAtMs, long updatedAtMs) {
    return Json.newObject().put("id", id).put("createdAt", time(createdAtMs)).put("updatedAt", time(updatedAtMs));
  }

  /** RFC 3339 in UTC, as the SDKs parse it. */
  static String time(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  static void putTime(ObjectNode node, String field, @Nullable Long epochMs) {
    if (epochMs != null) {
      node.put(field, time(epochMs));
    }
  }

  /** Parses JSON text the engine stored (an object), for embedding in a response. */
  static JsonNode object(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return Json.newObject();
    }
    return Json.parseTrusted(json);
  }

  /** The request body as a JSON object; an empty body counts as {@code {}}. */
  static ObjectNode body(HttpRequest request) {
    String text = new String(request.body(), UTF_8);
    if (text.isBlank()) {
      return Json.newObject();
    }
    return Json.requireObjectNode(text, "the request body");
  }

  /** A JSON object field as compact text, or null when absent; anything but an object is an error. */
  @Nullable
  static String objectText(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw EngineException.invalidArgument(field + " must be a JSON object");
    }
    return value.toString();
  }

  @Nullable
  static Integer intField(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToInt()) {
      throw EngineException.invalidArgument(field + " must be an integer");
    }
    return value.intValue();
  }

  static String requiredText(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw EngineException.invalidArgument(field + " is required");
    }
    return value.textValue();
  }

  /** Reads an RFC 3339 time. */
  static long instant(String text, String field) {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw EngineException.invalidArgument(field + " '" + text + "' is not an RFC 3339 time");
    }
  }

  @Nullable
  static Long instantParam(HttpRequest request, String name) {
    return request.queryParam(name).filter(v -> !v.isBlank()).map(v -> instant(v, name)).orElse(null);
  }

  /** All values of a repeated query parameter; comma-separated values count as several. */
  static List<String> listParam(HttpRequest request, String name) {
    List<String> values = new ArrayList<>();
    for (String value : request.query().getOrDefault(name, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.strip());
        }
      }
    }
    return values;
  }

  static int intParam(HttpRequest request, String name, int fallback, int min, int max) {
    String text = request.queryParam(name).orElse(null);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Math.max(min, Math.min(max, Integer.parseInt(text.strip())));
    } catch (NumberFormatException e) {
      throw EngineException.invalidArgument(name + " must be an integer, got '" + text + "'");
    }
  }

  static List<String> textList(ObjectNode body, String field) {
    List<String> values = new ArrayList<>();
    JsonNode array = body.get(field);
    if (array == null || array.isNull()) {
      return values;
    }
    if (!array.isArray()) {
      throw EngineException.invalidArgument(field + " must be an array");
    }
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /**
   * One page of {@code items} as {@code {"rows": [...], "pagination": {...}}}, upstream's list shape,
   * reading {@code offset} and {@code limit} from the query.
   */
  static <T> ObjectNode page(HttpRequest request, List<T> items, Function<T, JsonNode> row) {
    int offset = intParam(request, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = intParam(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    ObjectNode body = Json.newObject();
    ArrayNode rows = body.putArray("rows");
    for (int i = offset; i < items.size() && i < (long) offset + limit; i++) {
      rows.add(row.apply(items.get(i)));
    }
    int pages = Math.max(1, (items.size() + limit - 1) / limit);
    int current = offset / limit + 1;
    body.putObject("pagination")
        .put("current_page", current)
        .put("next_page", current < pages ? current + 1 : current)
        .put("num_pages", pages);
    return body;
  }

  /** The newest version of each of the tenant's workflows, by workflow id. */
  static Map<String, WorkflowVersionRecord> workflowsById(Orchestrator orchestrator, String tenantId) throws Exception {
    Map<String, WorkflowVersionRecord> byId = new HashMap<>();
    for (WorkflowVersionRecord version : await(orchestrator.workflows(tenantId))) {
      byId.put(version.workflowId(), version);
    }
    return byId;
  }

  /**
   * The fields schedules and crons share: metadata, tenant, workflow (with the version runs would
   * use now), input, metadata and priority.
   */
  static ObjectNode triggerJson(String id, long createdAtMs, long updatedAtMs, String tenantId, String workflowId,
      String workflowName, Map<String, WorkflowVersionRecord> workflows, String input, String additionalMetadata,
      @Nullable Integer priority) {
    WorkflowVersionRecord version = workflows.get(workflowId);
    ObjectNode node = Json.newObject();
    node.set("metadata", meta(id, createdAtMs, updatedAtMs));
    node.put("tenantId", tenantId)
        .put("workflowVersionId", version == null ? "" : version.id())
        .put("workflowId", workflowId)
        .put("workflowName", workflowName);
    node.set("input", object(input));
    node.set("additionalMetadata", object(additionalMetadata));
    if (priority != null) {
      node.put("priority", priority);
    }
    return node;
  }

  /** A stable positive number for an id, where upstream has a database row number. */
  static long number(String id) {
    try {
      return UUID.fromString(id).getMostSignificantBits() >>> 33;
    } catch (IllegalArgumentException e) {
      return Math.abs((long) id.hashCode());
    }
  }
}
