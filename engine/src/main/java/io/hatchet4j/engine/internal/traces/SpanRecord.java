package io.hatchet4j.engine.internal.traces;

import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * One stored span, from an SDK's OTLP export or made by the engine. Not public API.
 *
 * <p>Ids are lower-case hex; times are epoch nanoseconds. Attribute values are kept as strings, as
 * upstream's trace API returns them: arrays and maps as JSON, bytes as base64.
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
    Map<String, String> resourceAttributes,
    Map<String, String> attributes,
    String scopeName,
    @Nullable String scopeVersion,
    List<Event> events,
    List<Link> links,
    @Nullable String taskRunId,
    @Nullable String workflowRunId,
    int retryCount) {

  public SpanRecord {
    resourceAttributes = Map.copyOf(resourceAttributes);
    attributes = Map.copyOf(attributes);
    events = List.copyOf(events);
    links = List.copyOf(links);
  }

  /** A span event, such as a recorded exception. */
  public record Event(String name, long timeNs, Map<String, String> attributes) {
    public Event {
      attributes = Map.copyOf(attributes);
    }
  }

  /** A link to another span, possibly in another trace. */
  public record Link(String traceId, String spanId, Map<String, String> attributes) {
    public Link {
      attributes = Map.copyOf(attributes);
    }
  }

  public long durationNs() {
    return Math.max(0, endNs - startNs);
  }

  /** The span's identity in the store: a span sent twice is stored once. */
  String key() {
    return spanId + '@' + startNs;
  }
}
