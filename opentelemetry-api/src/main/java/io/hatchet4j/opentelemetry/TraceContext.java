package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;

/**
 * Trace context in a run's additional metadata.
 *
 * <p>W3C {@code traceparent} (and {@code tracestate}) always: the metadata is read by workers in
 * any language, which all expect it, and a no-op propagator must not silently disconnect traces.
 * Beside it, the propagators of the {@code OpenTelemetry} instance the instrumentation was created
 * from, if any, write and read their own keys (for example {@code baggage}).
 */
final class TraceContext {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  /** W3C trace context only. */
  static final TraceContext W3C_ONLY = new TraceContext(null);

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

  private final TextMapPropagator extra;

  private TraceContext(TextMapPropagator extra) {
    this.extra = extra;
  }

  /** W3C trace context plus {@code propagators}' own, unless they add nothing to it. */
  static TraceContext of(ContextPropagators propagators) {
    TextMapPropagator propagator = propagators == null ? null : propagators.getTextMapPropagator();
    if (propagator == null || propagator == TextMapPropagator.noop() || propagator == W3C) {
      return W3C_ONLY;
    }
    return new TraceContext(propagator);
  }

  /**
   * The remote span named by {@code traceparent} (and {@code tracestate}) in {@code metadata}; an
   * invalid span context when it is missing or malformed.
   */
  static SpanContext extract(Map<String, String> metadata) {
    if (!metadata.containsKey(TRACEPARENT)) {
      return SpanContext.getInvalid();
    }
    return Span.fromContext(W3C.extract(Context.root(), metadata, GETTER)).getSpanContext();
  }

  /**
   * The context the metadata carries, on the root context: the remote span from {@code traceparent}
   * and whatever the other propagators read.
   */
  Context extractContext(Map<String, String> metadata) {
    Context context = Context.root();
    if (metadata.containsKey(TRACEPARENT)) {
      context = W3C.extract(context, metadata, GETTER);
    }
    return extra == null ? context : extra.extract(context, metadata, GETTER);
  }

  /** The baggage the metadata carries, or null; only other propagators carry any. */
  static Baggage baggage(Context extracted) {
    return Baggage.fromContextOrNull(extracted);
  }

  /** Whether propagators beside W3C trace context are in use. */
  boolean hasExtra() {
    return extra != null;
  }

  /**
   * {@code traceparent}, and {@code tracestate} when there is one, for the span current in {@code
   * context}, and the other propagators' keys; empty when there is nothing to carry.
   */
  Map<String, String> inject(Context context) {
    Map<String, String> carrier = new HashMap<>(4);
    W3C.inject(context, carrier, Map::put);
    if (extra != null) {
      extra.inject(context, carrier, Map::put);
    }
    return carrier;
  }
}
