package io.hatchet4j.testing.internal;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.SpanInfo;
import io.hatchet4j.testing.Spans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The spans of one tenant's runs, read through the engine's public API. */
final class TenantSpans implements Spans {
  private final HatchetEngine engine;
  private final String tenantId;
  /** The run each trace was read through, so that a span leads back to its trace. */
  private final Map<String, String> runOfTrace = new ConcurrentHashMap<>();

  TenantSpans(HatchetEngine engine, String tenantId) {
    this.engine = engine;
    this.tenantId = tenantId;
  }

  @Override
  public List<SpanInfo> trace(String runId) {
    List<SpanInfo> spans = engine.trace(tenantId, requireNonNull(runId, "runId"));
    if (!spans.isEmpty()) {
      runOfTrace.put(spans.get(0).traceId(), runId);
    }
    return spans;
  }

  @Override
  public List<SpanInfo> awaitTrace(String runId, int minimumSpans, Duration timeout) {
    requireNonNull(runId, "runId");
    if (minimumSpans < 1) {
      throw new IllegalArgumentException("minimumSpans must be positive, got " + minimumSpans);
    }
    return Polling.until(timeout, () -> trace(runId), spans -> spans.size() >= minimumSpans,
        spans -> "the trace of run " + runId + " had " + spans.size() + " of " + minimumSpans + " spans after "
            + Polling.text(timeout) + "; " + describe(runId, spans));
  }

  @Override
  public SpanInfo awaitNamed(String runId, String name) {
    return awaitNamed(runId, name, DEFAULT_TIMEOUT);
  }

  @Override
  public SpanInfo awaitNamed(String runId, String name, Duration timeout) {
    requireNonNull(runId, "runId");
    requireNonNull(name, "name");
    List<SpanInfo> spans = Polling.until(timeout, () -> trace(runId), t -> named(t, name).isPresent(),
        t -> "no span named \"" + name + "\" in the trace of run " + runId + " after " + Polling.text(timeout)
            + "; " + describe(runId, t));
    return named(spans, name).orElseThrow();
  }

  @Override
  public Optional<SpanInfo> parent(SpanInfo span) {
    requireNonNull(span, "span");
    if (span.parentSpanId().isEmpty()) {
      return Optional.empty();
    }
    String parentId = span.parentSpanId().get();
    String runId = runOf(span);
    List<SpanInfo> spans = Polling.until(DEFAULT_TIMEOUT, () -> trace(runId), t -> byId(t, parentId).isPresent(),
        t -> "the parent " + parentId + " of span \"" + span.name() + "\" (" + span.spanId()
            + ") did not arrive in " + Polling.text(DEFAULT_TIMEOUT) + "; " + describe(runId, t));
    return byId(spans, parentId);
  }

  @Override
  public List<SpanInfo> children(SpanInfo span) {
    requireNonNull(span, "span");
    Optional<String> id = Optional.of(span.spanId());
    return trace(runOf(span)).stream().filter(s -> s.parentSpanId().equals(id)).toList();
  }

  private String runOf(SpanInfo span) {
    String runId = runOfTrace.get(span.traceId());
    if (runId == null) {
      throw new IllegalArgumentException("span \"" + span.name() + "\" (" + span.spanId()
          + ") was not read through this Spans; read its run's trace first");
    }
    return runId;
  }

  private static Optional<SpanInfo> named(List<SpanInfo> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private static Optional<SpanInfo> byId(List<SpanInfo> spans, String spanId) {
    return spans.stream().filter(s -> s.spanId().equals(spanId)).findFirst();
  }

  /** What the trace looked like, for a failure: its tree, or why there is none. */
  private String describe(String runId, List<SpanInfo> spans) {
    if (!spans.isEmpty()) {
      return "it had " + spans.size() + (spans.size() == 1 ? " span" : " spans") + ":\n" + tree(spans);
    }
    return engine.run(tenantId, runId).isPresent() ? "it had no spans" : "the tenant has no such run";
  }

  /**
   * The spans as an indented tree, children under their parent in start order. A span whose parent
   * is not in the trace (not exported yet, or in another service's trace) starts a tree of its own,
   * marked so.
   */
  private static String tree(List<SpanInfo> spans) {
    Map<String, SpanInfo> byId = new LinkedHashMap<>();
    Map<String, List<SpanInfo>> children = new LinkedHashMap<>();
    for (SpanInfo span : spans) {
      byId.put(span.spanId(), span);
      span.parentSpanId().ifPresent(parent -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span));
    }
    StringBuilder text = new StringBuilder("trace ").append(spans.get(0).traceId());
    Set<String> shown = new HashSet<>();
    for (SpanInfo span : spans) {
      Optional<String> parent = span.parentSpanId();
      if (parent.isEmpty() || !byId.containsKey(parent.get())) {
        append(text, span, 1, parent.map(p -> "   (parent " + p + " not in the trace)").orElse(""), children, shown);
      }
    }
    for (SpanInfo span : spans) {
      append(text, span, 1, "   (in a cycle of parents)", children, shown); // only what no root led to
    }
    return text.toString();
  }

  private static void append(StringBuilder text, SpanInfo span, int depth, String note,
      Map<String, List<SpanInfo>> children, Set<String> shown) {
    if (!shown.add(span.spanId())) {
      return; // a span listed twice, or a cycle of parents: show it once
    }
    text.append('\n').append("  ".repeat(depth)).append(span.name()).append(subject(span))
        .append("  ").append(span.kind()).append(' ').append(span.serviceName())
        .append(' ').append(span.statusCode()).append(span.statusMessage().map(m -> " \"" + m + '"').orElse(""))
        .append(String.format(Locale.ROOT, " %.1f ms", span.duration().toNanos() / 1e6))
        .append("  ").append(span.spanId()).append(note);
    for (SpanInfo child : children.getOrDefault(span.spanId(), List.of())) {
      append(text, child, depth + 1, "", children, shown);
    }
  }

  /** The task or workflow a Hatchet span is about, which its name alone does not tell. */
  private static String subject(SpanInfo span) {
    Object task = span.attributes().get("hatchet.step_name");
    Object workflow = span.attributes().get("hatchet.workflow_name");
    return task != null ? " (" + task + ')' : workflow != null ? " (" + workflow + ')' : "";
  }
}
