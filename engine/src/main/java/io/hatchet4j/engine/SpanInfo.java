package io.hatchet4j.engine;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.traces.SpanRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One span of a run's trace as the engine's collector stored it, for tests and tools.
 *
 * <p>Immutable. Get them from {@link HatchetEngine#trace(String, String)}. Attribute values keep
 * the types they were exported with: {@code String}, {@code Boolean}, {@code Long}, {@code Double},
 * a {@code List} of those (an OpenTelemetry array attribute such as {@code
 * AttributeKey.stringArrayKey}), or a {@code Map} for an OTLP key-value list; bytes arrive as
 * base64 text.
 *
 * @param traceId 32 lower-case hex characters
 * @param spanId 16 lower-case hex characters
 * @param parentSpanId empty for a root span. An SDK's {@code hatchet.start_step_run} span hangs
 *     under the engine's {@code hatchet.engine.workflow_run} span, which hangs under the span that
 *     triggered the run, as in upstream Hatchet
 * @param name the span name, such as {@code hatchet.run_workflow}
 * @param kind {@code UNSPECIFIED}, {@code INTERNAL}, {@code SERVER}, {@code CLIENT}, {@code
 *     PRODUCER} or {@code CONSUMER}
 * @param serviceName the resource's {@code service.name}: {@code hatchet-engine} for the engine's
 *     own spans, {@code unknown} if the exporter named none
 * @param statusCode {@code UNSET}, {@code OK} or {@code ERROR}
 * @param startTime when the span started, to the nanosecond
 * @param endTime when it ended
 * @param attributes the span's attributes
 * @param resourceAttributes the attributes of the resource that exported it
 * @param events its events, such as a recorded exception, in the order they were added
 * @since 0.1.0
 */
public record SpanInfo(
    String traceId,
    String spanId,
    Optional<String> parentSpanId,
    String name,
    String kind,
    String serviceName,
    String statusCode,
    Optional<String> statusMessage,
    Instant startTime,
    Instant endTime,
    Map<String, Object> attributes,
    Map<String, Object> resourceAttributes,
    List<Event> events) {

  public SpanInfo {
    requireNonNull(spanId, "spanId");
    attributes = Map.copyOf(attributes);
    resourceAttributes = Map.copyOf(resourceAttributes);
    events = List.copyOf(events);
  }

  /** How long the span lasted. */
  public Duration duration() {
    return Duration.between(startTime, endTime);
  }

  /**
   * An event of a span.
   *
   * @param attributes typed as {@link SpanInfo#attributes()}
   * @since 0.1.0
   */
  public record Event(String name, Instant time, Map<String, Object> attributes) {
    public Event {
      attributes = Map.copyOf(attributes);
    }
  }

  static SpanInfo of(SpanRecord span) {
    List<Event> events = span.events().stream()
        .map(e -> new Event(e.name(), instant(e.timeNs()), e.attributes()))
        .toList();
    return new SpanInfo(span.traceId(), span.spanId(), Optional.ofNullable(span.parentSpanId()), span.name(),
        span.kind(), span.serviceName(), span.statusCode(), Optional.ofNullable(span.statusMessage()),
        instant(span.startNs()), instant(span.endNs()), span.attributes(), span.resourceAttributes(), events);
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos);
  }
}
