package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * W3C trace context in a run's additional metadata.
 *
 * <p>Always the W3C propagator, never the global one: the metadata is read by workers in any
 * language, which all expect {@code traceparent}, and a global no-op propagator must not silently
 * disconnect traces.
 */
final class TraceContext {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        @SuppressWarnings("deprecation") // still abstract, so still implemented
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private TraceContext() {}

  /**
   * The remote span named by {@code traceparent} (and {@code tracestate}) in {@code metadata}; an
   * invalid span context when it is missing or malformed.
   */
  static SpanContext extract(Map<String, String> metadata) {
    if (!metadata.containsKey(TRACEPARENT)) {
      return SpanContext.getInvalid();
    }
    return Span.fromContext(PROPAGATOR.extract(Context.root(), metadata, GETTER)).getSpanContext();
  }

  /**
   * {@code traceparent}, and {@code tracestate} when there is one, for the span current in {@code
   * context}; empty when there is no valid span.
   */
  static Map<String, String> inject(Context context) {
    Map<String, String> carrier = new HashMap<>(4);
    PROPAGATOR.inject(context, carrier, Map::put);
    return carrier;
  }
}
