package io.hatchet4j.engine.internal.collector;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.traces.SpanRecord;
import io.hatchet4j.engine.internal.traces.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in one OTLP export for a tenant, over either transport: applies the batch limit, converts
 * and stores the spans, forwards the request if configured, and answers as upstream's collector
 * does.
 *
 * <p>Not public API. Thread-safe. Never throws for bad input: spans over the limit and malformed
 * spans come back as {@code partial_success} with a count and a message; a storage failure rejects
 * the whole batch the same way, with the gRPC status still OK.
 */
public final class TraceCollector {
  /** Upstream's message for spans beyond the batch limit. */
  static final String BATCH_LIMIT_MESSAGE = "batch size exceeded maximum limit";
  /** Reasons quoted in a response; the count covers the rest. */
  private static final int MAX_REASONS = 3;
  private static final Logger log = LoggerFactory.getLogger(TraceCollector.class);

  private final TraceStore store;
  private final int maxSpansPerExport;
  @Nullable private final OtlpForwarder forwarder;

  /**
   * @param maxSpansPerExport spans kept per export, the rest rejected; 0 for no limit
   * @param forwarder where every received request is also sent, or null
   */
  public TraceCollector(TraceStore store, int maxSpansPerExport, @Nullable OtlpForwarder forwarder) {
    this.store = requireNonNull(store, "store");
    if (maxSpansPerExport < 0) {
      throw new IllegalArgumentException("maxSpansPerExport must not be negative, got " + maxSpansPerExport);
    }
    this.maxSpansPerExport = maxSpansPerExport;
    this.forwarder = forwarder;
  }

  public TraceStore store() {
    return store;
  }

  /** Stores the spans of one export for {@code tenantId} and returns the answer to send. */
  public ExportTraceServiceResponse export(String tenantId, ExportTraceServiceRequest request) {
    if (forwarder != null) {
      forwarder.offer(request);
    }
    int limit = maxSpansPerExport == 0 ? Integer.MAX_VALUE : maxSpansPerExport;
    int seen = 0;
    int overLimit = 0;
    List<SpanRecord> accepted = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    int malformed = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        SpanConverter.Context context = null;
        for (Span span : scopeSpans.getSpansList()) {
          if (seen++ >= limit) {
            overLimit++;
            continue;
          }
          if (context == null) {
            context = SpanConverter.Context.of(resourceSpans.getResource().getAttributesList(),
                scopeSpans.getScope().getName(), scopeSpans.getScope().getVersion());
          }
          SpanConverter.Result result = SpanConverter.convert(span, context);
          if (result.span() != null) {
            accepted.add(result.span());
          } else {
            malformed++;
            if (reasons.size() < MAX_REASONS) {
              reasons.add(result.rejection());
            }
          }
        }
      }
    }
    try {
      store.insert(tenantId, accepted);
    } catch (RuntimeException e) {
      log.warn("could not store {} span(s)", accepted.size(), e);
      return partialSuccess(seen, "could not store spans: " + e.getMessage());
    }
    if (overLimit == 0 && malformed == 0) {
      return ExportTraceServiceResponse.getDefaultInstance();
    }
    List<String> messages = new ArrayList<>();
    if (overLimit > 0) {
      messages.add(BATCH_LIMIT_MESSAGE);
    }
    if (malformed > 0) {
      String more = malformed > reasons.size() ? "; and " + (malformed - reasons.size()) + " more" : "";
      messages.add(malformed + " malformed span(s) rejected: " + String.join("; ", reasons) + more);
    }
    return partialSuccess(overLimit + malformed, String.join("; ", messages));
  }

  private static ExportTraceServiceResponse partialSuccess(long rejected, String message) {
    return ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message))
        .build();
  }
}
