package io.hatchet4j.engine.internal.traces;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * One stored span, from an SDK's OTLP export or made by the engine. Not public API.
 *
 * <p>Ids are lower-case hex; times are epoch nanoseconds. Attribute values keep their OTLP types: a
 * {@code String}, {@code Boolean}, {@code Long} or {@code Double}, a {@code List} of values (an
 * element may be null) or a {@code Map} for a key-value list; bytes are kept as base64 text. The
 * trace API renders them as strings, as upstream's does.
 *
 * @param parentSpanId null for a root span
 * @param kind {@code UNSPECIFIED}, {@code INTERNAL}, {@code SERVER}, {@code CLIENT}, {@code
 *     PRODUCER} or {@code CONSUMER}
 * @param statusCode {@code UNSET}, {@code OK} or {@code ERROR}
 * @param taskRunId from {@code hatchet.step_run_id}: the task run the span belongs to
 * @param workflowRunId from {@code hatchet.workflow_run_id}
 * @param retryCount from {@code hatchet.retry_count}, 0 when absent
 */
public record SpanRecord(
    String traceId,
    String spanId,
    @Nullable String parentSpanId,
    String name,
    String kind,
    String serviceName,
    String statusCode,
    @Nullable String statusMessage,
    long startNs,
    long endNs,
    Map<String, Object> resourceAttributes,
    Map<String, Object> attributes,
    String scopeName,
    @Nullable String scopeVersion,
    List<Event> events,
    List<Link> links,
    @Nullable String taskRunId,
    @Nullable String workflowRunId,
    int retryCount) {

  public SpanRecord {
    resourceAttributes = typed(resourceAttributes);
    attributes = typed(attributes);
    events = List.copyOf(events);
    links = List.copyOf(links);
  }

  /** A span event, such as a recorded exception. */
  public record Event(String name, long timeNs, Map<String, Object> attributes) {
    public Event {
      attributes = typed(attributes);
    }
  }

  /** A link to another span, possibly in another trace. */
  public record Link(String traceId, String spanId, Map<String, Object> attributes) {
    public Link {
      attributes = typed(attributes);
    }
  }

  public long durationNs() {
    return Math.max(0, endNs - startNs);
  }

  /**
   * An immutable copy of attributes with the value types above. Numbers read back from the span
   * file come as JSON gave them (an {@code Integer} for a small long), so they are widened here.
   */
  private static Map<String, Object> typed(Map<String, Object> attributes) {
    if (plain(attributes)) {
      // The common case, and on the collector's hot path: nothing to convert, so one immutable
      // copy, and none at all for a map that already is one (a resource shared by a batch's spans).
      return Map.copyOf(attributes);
    }
    Map<String, Object> copy = new HashMap<>(attributes.size() * 2);
    attributes.forEach((key, value) -> copy.put(key, value == null ? "" : typed(value)));
    return Map.copyOf(copy);
  }

  /** Whether every value already has its stored type: no null, no Integer, no list or map to copy. */
  private static boolean plain(Map<String, Object> attributes) {
    for (Object value : attributes.values()) {
      if (value == null || value instanceof Integer || value instanceof List || value instanceof Map) {
        return false;
      }
    }
    return true;
  }

  @Nullable
  private static Object typed(@Nullable Object value) {
    if (value instanceof Integer) {
      return ((Integer) value).longValue();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(typed(element)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
      map.forEach((key, element) -> copy.put(String.valueOf(key), typed(element)));
      return Collections.unmodifiableMap(copy);
    }
    return value;
  }

  /** The span's identity in the store: a span sent twice is stored once. */
  String key() {
    return spanId + '@' + startNs;
  }
}
