package io.hatchet4j.engine.internal.collector;

import com.google.protobuf.ByteString;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.traces.SpanRecord;
import io.hatchet4j.engine.internal.traces.TraceIds;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Turns OTLP spans into stored spans: checks them, reads the {@code hatchet.*} correlation
 * attributes and re-parents SDK task spans under the engine's workflow-run span.
 *
 * <p>Not public API. Stateless and thread-safe. A malformed span is rejected with a reason, never
 * with an exception: upstream's collector fails the whole batch on a non-UUID run id, ours drops
 * only that span and says why.
 */
final class SpanConverter {
  static final String STEP_RUN_ID = "hatchet.step_run_id";
  static final String WORKFLOW_RUN_ID = "hatchet.workflow_run_id";
  static final String RETRY_COUNT = "hatchet.retry_count";
  /** The SDK consumer span, including its {@code .<action id>} variant. */
  static final String START_STEP_RUN_PREFIX = "hatchet.start_step_run";
  static final String UNKNOWN_SERVICE = "unknown";

  private SpanConverter() {}

  /** A span's conversion: the record, or why it was rejected. */
  record Result(@Nullable SpanRecord span, @Nullable String rejection) {}

  /** The parts of a span shared by its resource and scope. */
  record Context(Map<String, Object> resourceAttributes, String serviceName, String scopeName,
      @Nullable String scopeVersion) {

    static Context of(List<KeyValue> resourceAttributes, String scopeName, String scopeVersion) {
      Map<String, Object> resource = attributes(resourceAttributes);
      String service = String.valueOf(resource.getOrDefault("service.name", ""));
      // Immutable once here, so that each span of the batch shares it instead of copying it.
      return new Context(immutable(resource), service.isEmpty() ? UNKNOWN_SERVICE : service, scopeName,
          scopeVersion.isEmpty() ? null : scopeVersion);
    }
  }

  static Result convert(Span span, Context context) {
    if (span.getTraceId().size() != 16) {
      return rejected(span, "trace_id must be 16 bytes, got " + span.getTraceId().size());
    }
    if (span.getSpanId().size() != 8) {
      return rejected(span, "span_id must be 8 bytes, got " + span.getSpanId().size());
    }
    if (isZero(span.getTraceId()) || isZero(span.getSpanId())) {
      return rejected(span, "trace_id and span_id must not be all zeros");
    }
    int parentSize = span.getParentSpanId().size();
    if (parentSize != 0 && parentSize != 8) {
      return rejected(span, "parent_span_id must be empty or 8 bytes, got " + parentSize);
    }
    long start = span.getStartTimeUnixNano();
    long end = span.getEndTimeUnixNano();
    if (start <= 0) {
      return rejected(span, "start_time_unix_nano is missing");
    }
    if (end < start) {
      return rejected(span, "end_time_unix_nano is before start_time_unix_nano");
    }
    // One pass: the attributes as stored (the last of repeated keys wins) and the hatchet.* ones read.
    Map<String, Object> attributes = new HashMap<>(span.getAttributesCount() * 2);
    String taskRunId = null;
    String workflowRunId = null;
    int retryCount = 0;
    for (KeyValue attribute : span.getAttributesList()) {
      Object value = value(attribute.getValue());
      attributes.put(attribute.getKey(), value == null ? "" : value);
      switch (attribute.getKey()) {
        case STEP_RUN_ID:
          taskRunId = uuidOrNull(attribute.getValue());
          if (taskRunId == null) {
            return rejected(span, STEP_RUN_ID + " must be a UUID string, got " + describe(attribute.getValue()));
          }
          break;
        case WORKFLOW_RUN_ID:
          workflowRunId = uuidOrNull(attribute.getValue());
          if (workflowRunId == null) {
            return rejected(span, WORKFLOW_RUN_ID + " must be a UUID string, got " + describe(attribute.getValue()));
          }
          break;
        case RETRY_COUNT:
          // Upstream reads only int values, and only above zero.
          if (attribute.getValue().hasIntValue() && attribute.getValue().getIntValue() > 0
              && attribute.getValue().getIntValue() <= Integer.MAX_VALUE) {
            retryCount = (int) attribute.getValue().getIntValue();
          }
          break;
        default:
          break;
      }
    }
    String parent = parentSize == 0 || isZero(span.getParentSpanId()) ? null : TraceIds.hex(span.getParentSpanId().toByteArray());
    if (parent != null && workflowRunId != null && span.getName().startsWith(START_STEP_RUN_PREFIX)) {
      // The task's span goes under the engine's workflow-run span, which sits under the producer.
      parent = TraceIds.workflowRunSpanId(workflowRunId);
    }
    Status status = span.getStatus();
    List<SpanRecord.Event> events = new ArrayList<>(span.getEventsCount());
    for (Span.Event event : span.getEventsList()) {
      events.add(new SpanRecord.Event(event.getName(), event.getTimeUnixNano(), attributes(event.getAttributesList())));
    }
    List<SpanRecord.Link> links = new ArrayList<>(span.getLinksCount());
    for (Span.Link link : span.getLinksList()) {
      links.add(new SpanRecord.Link(TraceIds.hex(link.getTraceId().toByteArray()),
          TraceIds.hex(link.getSpanId().toByteArray()), attributes(link.getAttributesList())));
    }
    SpanRecord record = new SpanRecord(
        TraceIds.hex(span.getTraceId().toByteArray()),
        TraceIds.hex(span.getSpanId().toByteArray()),
        parent,
        span.getName(),
        kind(span.getKind()),
        context.serviceName(),
        statusCode(status.getCode()),
        status.getMessage().isEmpty() ? null : status.getMessage(),
        start,
        end,
        context.resourceAttributes(),
        attributes,
        context.scopeName(),
        context.scopeVersion(),
        events,
        links,
        taskRunId,
        workflowRunId,
        retryCount);
    return new Result(record, null);
  }

  /**
   * OTLP attributes with their types (see {@link SpanRecord}); the last of repeated keys wins, and
   * a value that is not set is empty text.
   */
  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new HashMap<>(keyValues.size() * 2);
    for (KeyValue keyValue : keyValues) {
      Object value = value(keyValue.getValue());
      map.put(keyValue.getKey(), value == null ? "" : value);
    }
    return map;
  }

  /** An immutable copy unless a value must still be converted (then the record converts it). */
  private static Map<String, Object> immutable(Map<String, Object> map) {
    for (Object value : map.values()) {
      if (value instanceof List || value instanceof Map) {
        return map;
      }
    }
    return Map.copyOf(map);
  }

  @Nullable
  private static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE: {
        List<Object> list = new ArrayList<>(value.getArrayValue().getValuesCount());
        value.getArrayValue().getValuesList().forEach(v -> list.add(value(v)));
        return list;
      }
      case KVLIST_VALUE: {
        Map<String, Object> map = new LinkedHashMap<>();
        value.getKvlistValue().getValuesList().forEach(kv -> map.put(kv.getKey(), value(kv.getValue())));
        return map;
      }
      default:
        return null;
    }
  }

  @Nullable
  private static String uuidOrNull(AnyValue value) {
    return value.hasStringValue() ? Ids.canonicalOrNull(value.getStringValue()) : null;
  }

  private static String describe(AnyValue value) {
    if (value.hasStringValue()) {
      String text = value.getStringValue();
      return '"' + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + '"';
    }
    return "a " + value.getValueCase().name().toLowerCase().replace("_value", "") + " value";
  }

  private static String kind(Span.SpanKind kind) {
    switch (kind) {
      case SPAN_KIND_INTERNAL:
        return "INTERNAL";
      case SPAN_KIND_SERVER:
        return "SERVER";
      case SPAN_KIND_CLIENT:
        return "CLIENT";
      case SPAN_KIND_PRODUCER:
        return "PRODUCER";
      case SPAN_KIND_CONSUMER:
        return "CONSUMER";
      default:
        return "UNSPECIFIED";
    }
  }

  private static String statusCode(Status.StatusCode code) {
    switch (code) {
      case STATUS_CODE_OK:
        return "OK";
      case STATUS_CODE_ERROR:
        return "ERROR";
      default:
        return "UNSET";
    }
  }

  private static boolean isZero(ByteString bytes) {
    for (int i = 0; i < bytes.size(); i++) {
      if (bytes.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static Result rejected(Span span, String reason) {
    String name = span.getName().length() > 80 ? span.getName().substring(0, 80) + "..." : span.getName();
    return new Result(null, "span \"" + name + "\": " + reason);
  }
}
