package io.hatchet4j.engine.internal.traces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The trace store's indexes, in memory, written through to a {@link SpanFile}.
 *
 * <p>Each tenant has its own lock, so exports of different tenants never wait for each other. A
 * trace sorts its spans lazily, once after a change, so a trace being read repeatedly (the page
 * polls) costs one sort, and ingestion costs none.
 */
final class MemoryTraceStore implements TraceStore {
  private static final Comparator<SpanRecord> BY_START =
      Comparator.comparingLong(SpanRecord::startNs).thenComparing(SpanRecord::spanId);

  private final int maxSpansPerTenant;
  private final SpanFile file;
  private final Map<String, TenantSpans> tenants = new ConcurrentHashMap<>();

  MemoryTraceStore(int maxSpansPerTenant, SpanFile file) {
    if (maxSpansPerTenant < 1) {
      throw new IllegalArgumentException("maxSpansPerTenant must be positive, got " + maxSpansPerTenant);
    }
    this.maxSpansPerTenant = maxSpansPerTenant;
    this.file = file;
  }

  static MemoryTraceStore load(int maxSpansPerTenant, SpanFile file) {
    MemoryTraceStore store = new MemoryTraceStore(maxSpansPerTenant, file);
    try {
      file.loadAll((tenantId, spans) -> {
        TenantSpans tenant = store.tenant(tenantId);
        synchronized (tenant) {
          tenant.add(spans);
          tenant.evict(maxSpansPerTenant);
        }
      });
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
    return store;
  }

  @Override
  public int insert(String tenantId, List<SpanRecord> spans) {
    if (spans.isEmpty()) {
      return 0;
    }
    TenantSpans tenant = tenant(tenantId);
    synchronized (tenant) {
      List<SpanRecord> added = tenant.add(spans);
      // Written under the tenant's lock, so the file sees adds and evictions in the same order.
      file.write(tenantId, added, System.currentTimeMillis());
      for (String traceId : tenant.evict(maxSpansPerTenant)) {
        file.removeTrace(tenantId, traceId);
      }
      return added.size();
    }
  }

  @Override
  public int deleteBefore(long cutoffMs) {
    long cutoffNs = cutoffMs * 1_000_000L;
    int deleted = 0;
    for (Map.Entry<String, TenantSpans> entry : tenants.entrySet()) {
      TenantSpans tenant = entry.getValue();
      synchronized (tenant) {
        for (String traceId : tenant.deleteBefore(cutoffNs)) {
          file.removeTrace(entry.getKey(), traceId);
          deleted++;
        }
      }
    }
    return deleted;
  }

  @Override
  public Optional<String> traceIdOf(String tenantId, String runId) {
    return read(tenantId, Optional.empty(), tenant -> {
      Lookup best = null;
      for (Lookup lookup : tenant.lookups.getOrDefault(runId, List.of())) {
        if (best == null || lookup.retryCount > best.retryCount
            || (lookup.retryCount == best.retryCount && lookup.latestStartNs > best.latestStartNs)) {
          best = lookup;
        }
      }
      return best == null ? Optional.empty() : Optional.of(best.traceId);
    });
  }

  @Override
  public SpanPage spans(String tenantId, String traceId, int offset, int limit) {
    return read(tenantId, new SpanPage(List.of(), 0), tenant -> {
      Trace trace = tenant.traces.get(traceId);
      if (trace == null) {
        return new SpanPage(List.of(), 0);
      }
      List<SpanRecord> sorted = trace.sorted();
      int from = Math.min(Math.max(0, offset), sorted.size());
      int to = (int) Math.min(sorted.size(), (long) from + Math.max(0, limit));
      return new SpanPage(sorted.subList(from, to), sorted.size());
    });
  }

  @Override
  public List<Integer> retryCounts(String tenantId, String runId) {
    return read(tenantId, List.of(), tenant -> {
      TreeSet<Integer> retries = new TreeSet<>();
      tenant.lookups.getOrDefault(runId, List.of()).forEach(l -> retries.add(l.retryCount));
      return List.copyOf(retries);
    });
  }

  @Override
  public long spanCount(String tenantId) {
    return read(tenantId, 0L, tenant -> tenant.spanCount);
  }

  /** Answers a query under the tenant's lock, or {@code none} for a tenant without spans. */
  private <T> T read(String tenantId, T none, Function<TenantSpans, T> query) {
    TenantSpans tenant = tenants.get(tenantId);
    if (tenant == null) {
      return none;
    }
    synchronized (tenant) {
      return query.apply(tenant);
    }
  }

  @Override
  public void close() {
    file.close();
  }

  private TenantSpans tenant(String tenantId) {
    return tenants.computeIfAbsent(tenantId, id -> new TenantSpans());
  }

  /** Where a run's spans were seen: one entry per (retry count, trace), with its latest span start. */
  private static final class Lookup {
    final int retryCount;
    final String traceId;
    long latestStartNs;

    Lookup(int retryCount, String traceId, long latestStartNs) {
      this.retryCount = retryCount;
      this.traceId = traceId;
      this.latestStartNs = latestStartNs;
    }
  }

  private static final class Trace {
    final List<SpanRecord> spans = new ArrayList<>();
    final Set<String> keys = new HashSet<>();
    final Set<String> runIds = new HashSet<>();
    boolean sorted = true;
    /** Start of the trace's newest span: the trace is past retention when this is. */
    long latestStartNs = Long.MIN_VALUE;

    List<SpanRecord> sorted() {
      if (!sorted) {
        spans.sort(BY_START);
        sorted = true;
      }
      return spans;
    }
  }

  /** One tenant's spans; guarded by its own monitor. */
  private static final class TenantSpans {
    /** In order of each trace's first span, so the eldest trace is evicted first. */
    final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();
    final Map<String, List<Lookup>> lookups = new HashMap<>();
    long spanCount;

    List<SpanRecord> add(List<SpanRecord> spans) {
      List<SpanRecord> added = new ArrayList<>(spans.size());
      for (SpanRecord span : spans) {
        Trace trace = traces.computeIfAbsent(span.traceId(), id -> new Trace());
        if (!trace.keys.add(span.key())) {
          continue;
        }
        if (!trace.spans.isEmpty() && BY_START.compare(trace.spans.get(trace.spans.size() - 1), span) > 0) {
          trace.sorted = false;
        }
        trace.spans.add(span);
        trace.latestStartNs = Math.max(trace.latestStartNs, span.startNs());
        spanCount++;
        added.add(span);
        if (span.taskRunId() != null) {
          index(span.taskRunId(), span, trace);
          if (span.workflowRunId() != null && !span.workflowRunId().equals(span.taskRunId())) {
            index(span.workflowRunId(), span, trace);
          }
        }
      }
      return added;
    }

    private void index(String runId, SpanRecord span, Trace trace) {
      List<Lookup> entries = lookups.computeIfAbsent(runId, id -> new ArrayList<>(1));
      for (Lookup entry : entries) {
        if (entry.retryCount == span.retryCount() && entry.traceId.equals(span.traceId())) {
          entry.latestStartNs = Math.max(entry.latestStartNs, span.startNs());
          return;
        }
      }
      entries.add(new Lookup(span.retryCount(), span.traceId(), span.startNs()));
      trace.runIds.add(runId);
    }

    /** Drops the eldest traces until the tenant is within its limit; a lone trace is kept. */
    List<String> evict(int maxSpans) {
      List<String> evicted = new ArrayList<>();
      Iterator<Map.Entry<String, Trace>> eldest = traces.entrySet().iterator();
      while (spanCount > maxSpans && traces.size() > 1 && eldest.hasNext()) {
        Map.Entry<String, Trace> entry = eldest.next();
        eldest.remove();
        forget(entry.getKey(), entry.getValue());
        evicted.add(entry.getKey());
      }
      return evicted;
    }

    /** Drops the traces whose newest span started before {@code cutoffNs}. */
    List<String> deleteBefore(long cutoffNs) {
      List<String> deleted = new ArrayList<>();
      Iterator<Map.Entry<String, Trace>> it = traces.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, Trace> entry = it.next();
        if (entry.getValue().latestStartNs < cutoffNs) {
          it.remove();
          forget(entry.getKey(), entry.getValue());
          deleted.add(entry.getKey());
        }
      }
      return deleted;
    }

    private void forget(String traceId, Trace trace) {
      spanCount -= trace.spans.size();
      for (String runId : trace.runIds) {
        List<Lookup> entries = lookups.get(runId);
        if (entries != null) {
          entries.removeIf(l -> l.traceId.equals(traceId));
          if (entries.isEmpty()) {
            lookups.remove(runId);
          }
        }
      }
    }
  }
}
