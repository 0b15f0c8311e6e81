package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that decides what the spans look like, shared by the spans of one {@link
 * HatchetTelemetry} or {@code HatchetInstrumentor}: options, propagation, extension points, metrics
 * and log records.
 */
final class Instrumentation {
  private static final Logger log = LoggerFactory.getLogger(Instrumentation.class);

  private final Options options;
  private final TraceContext traceContext;
  private final HatchetSpanNameExtractor spanNames;
  private final List<HatchetAttributesExtractor> attributes;
  private final HatchetSpanStatusExtractor status;
  private final Metrics metrics;
  private final TaskLogs logs;
  private final boolean describes;

  Instrumentation(
      Options options,
      TraceContext traceContext,
      HatchetSpanNameExtractor spanNames,
      List<HatchetAttributesExtractor> attributes,
      HatchetSpanStatusExtractor status,
      Metrics metrics,
      TaskLogs logs) {
    this.options = options;
    this.traceContext = traceContext;
    this.spanNames = spanNames;
    this.attributes = List.copyOf(attributes);
    this.status = status;
    this.metrics = metrics;
    this.logs = logs;
    this.describes = spanNames != null || !this.attributes.isEmpty() || status != null;
  }

  Options options() {
    return options;
  }

  TraceContext traceContext() {
    return traceContext;
  }

  Metrics metrics() {
    return metrics;
  }

  TaskLogs logs() {
    return logs;
  }

  /** Whether an extension point is configured, and so calls must be described to it. */
  boolean describes() {
    return describes;
  }

  /** The span's name: the extractor's, else {@code defaultName}. */
  String spanName(HatchetRequest request, String defaultName) {
    if (spanNames == null || request == null) {
      return defaultName;
    }
    try {
      String name = spanNames.extract(request, defaultName);
      return name == null || name.isEmpty() ? defaultName : name;
    } catch (RuntimeException e) {
      log.warn("the span name extractor failed for {}; the default name is used", request, e);
      return defaultName;
    }
  }

  /** Adds the extractors' start attributes to {@code builder}. */
  SpanBuilder onStart(SpanBuilder builder, HatchetRequest request) {
    if (attributes.isEmpty() || request == null) {
      return builder;
    }
    AttributesBuilder extra = Attributes.builder();
    for (HatchetAttributesExtractor extractor : attributes) {
      try {
        extractor.onStart(extra, request);
      } catch (RuntimeException e) {
        log.warn("an attributes extractor failed for {}", request, e);
      }
    }
    return builder.setAllAttributes(extra.build());
  }

  /** Adds the extractors' end attributes to {@code span}. */
  void onEnd(Span span, HatchetRequest request, Object response, Throwable error) {
    if (attributes.isEmpty() || request == null) {
      return;
    }
    AttributesBuilder extra = Attributes.builder();
    for (HatchetAttributesExtractor extractor : attributes) {
      try {
        extractor.onEnd(extra, request, response, error);
      } catch (RuntimeException e) {
        log.warn("an attributes extractor failed for {}", request, e);
      }
    }
    span.setAllAttributes(extra.build());
  }

  /** Sets the status of a call that succeeded; {@code defaultStatus} unless the extractor says otherwise. */
  void succeeded(Span span, HatchetRequest request, Object response, HatchetSpanStatus defaultStatus) {
    onEnd(span, request, response, null);
    setStatus(span, status(request, response, null, defaultStatus));
  }

  /**
   * Records a failure: the exception as an event, {@code error.type} if opted in, and ERROR with its
   * message unless the extractor says otherwise.
   */
  void failed(Span span, HatchetRequest request, Throwable failure) {
    onEnd(span, request, null, failure);
    String message = failure.getMessage();
    HatchetSpanStatus defaultStatus = HatchetSpanStatus.error(message != null ? message : failure.getClass().getName());
    setStatus(span, status(request, null, failure, defaultStatus));
    span.recordException(failure);
    if (options.messagingSemanticConventions()) {
      span.setAttribute(SpanKeys.ERROR_TYPE, failure.getClass().getName());
    }
  }

  /** A cancelled task attempt: UNSET unless the extractor says otherwise; no exception recorded. */
  void cancelled(Span span, HatchetRequest request, Object response, Throwable failure) {
    onEnd(span, request, response, failure);
    setStatus(span, status(request, response, failure, HatchetSpanStatus.UNSET));
  }

  private HatchetSpanStatus status(HatchetRequest request, Object response, Throwable error, HatchetSpanStatus defaultStatus) {
    if (status == null || request == null) {
      return defaultStatus;
    }
    try {
      HatchetSpanStatus chosen = status.extract(request, response, error, defaultStatus);
      return chosen != null ? chosen : defaultStatus;
    } catch (RuntimeException e) {
      log.warn("the span status extractor failed for {}; the default status is used", request, e);
      return defaultStatus;
    }
  }

  private static void setStatus(Span span, HatchetSpanStatus status) {
    if (status.code() == StatusCode.ERROR && status.description() != null) {
      span.setStatus(StatusCode.ERROR, status.description());
    } else if (status.code() != StatusCode.UNSET) {
      span.setStatus(status.code());
    }
  }
}
