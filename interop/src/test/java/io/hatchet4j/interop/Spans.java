package io.hatchet4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.hatchet4j.interop.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Reading the spans the engine forwarded: who made them, their ids, attributes and types. */
final class Spans {
  private static final Map<String, Lang> SCOPES = Map.of(
      "io.hatchet4j.opentelemetry", Lang.JAVA, "interop-java", Lang.JAVA,
      "@hatchet-dev/typescript-sdk", Lang.TYPESCRIPT, "interop-typescript", Lang.TYPESCRIPT,
      "hatchet_sdk.opentelemetry.instrumentor", Lang.PYTHON, "interop-python", Lang.PYTHON);

  private Spans() {}

  /** The language whose SDK (or whose test task) made the span; empty for the engine's own. */
  static Optional<Lang> lang(ReceivedSpan span) {
    return Optional.ofNullable(SCOPES.get(span.scope()));
  }

  static String id(ReceivedSpan span) {
    return hex(span.span().getSpanId());
  }

  static String parentId(ReceivedSpan span) {
    return hex(span.span().getParentSpanId());
  }

  static String traceId(ReceivedSpan span) {
    return hex(span.span().getTraceId());
  }

  static String kind(ReceivedSpan span) {
    return span.span().getKind().name().replace("SPAN_KIND_", "");
  }

  /** A string attribute, or empty. */
  static String attr(ReceivedSpan span, String key) {
    return span.attributes().stream().filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().hasStringValue() ? kv.getValue().getStringValue() : render(kv.getValue()))
        .findFirst().orElse("");
  }

  /** Each attribute key with its OTLP value type ({@code string}, {@code int}, {@code bool}, ...). */
  static Map<String, String> types(ReceivedSpan span) {
    return span.attributes().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> type(kv.getValue()),
        (a, b) -> b, TreeMap::new));
  }

  static String type(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> "string";
      case INT_VALUE -> "int";
      case DOUBLE_VALUE -> "double";
      case BOOL_VALUE -> "bool";
      case ARRAY_VALUE -> "array";
      case KVLIST_VALUE -> "map";
      case BYTES_VALUE -> "bytes";
      case VALUE_NOT_SET -> "unset";
    };
  }

  /** Waits for the one span that matches, among everything forwarded so far. */
  static ReceivedSpan await(InteropEngine engine, String what, Predicate<ReceivedSpan> matching) {
    return Await.until(what, () -> engine.receiver().spans().stream().filter(matching).findFirst());
  }

  /** Waits until the engine's trace of {@code runId} holds every one of {@code spanIds}. */
  static JsonNode awaitFiled(InteropEngine engine, String runId, Set<String> spanIds) {
    return Await.until("spans " + spanIds + " filed under run " + runId, () -> {
      JsonNode trace = engine.trace(runId);
      Set<String> filed = StreamSupport.stream(trace.path("rows").spliterator(), false)
          .map(row -> row.path("spanId").asText()).collect(Collectors.toSet());
      return filed.containsAll(spanIds) ? Optional.of(trace) : Optional.empty();
    });
  }

  static List<ReceivedSpan> named(InteropEngine engine, String name) {
    return engine.receiver().spans().stream().filter(s -> s.name().equals(name)).toList();
  }

  private static String hex(ByteString bytes) {
    return bytes.isEmpty() ? "" : HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static String render(AnyValue value) {
    return switch (value.getValueCase()) {
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      default -> value.toString();
    };
  }
}
