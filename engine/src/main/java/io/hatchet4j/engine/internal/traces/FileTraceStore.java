package io.hatchet4j.engine.internal.traces;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * Spans in an H2 MVStore file, read from the file when asked for: memory holds no span, only a
 * count per tenant, so it does not grow with the spans kept.
 *
 * <p>The file is the engine database's sibling, not the database itself: MVStore commits every map
 * at once, and spans arrive on collector threads at any time, so sharing the file would commit the
 * scheduler's half-done batches. This file auto-commits in the background about once a second; a
 * crash loses at most that last second of spans, never engine state.
 *
 * <p>Thread-safe: writes of a tenant take its lock; reads take none.
 */
final class FileTraceStore implements TraceStore {
  private static final String END = "\uffff";
  private static final String LAYOUT = "2";

  private final int maxSpansPerTenant;
  private final MVStore store;
  /** {@code tenant/trace/start(16 hex)/span} to the span's JSON. */
  private final MVMap<String, String> spans;
  /** {@code tenant/trace} to {@code arrival (16 hex)/newest start (ns, 16 hex)}. */
  private final MVMap<String, String> traces;
  /** {@code tenant/arrival (16 hex)/trace}: eldest first, for the per-tenant limit. */
  private final MVMap<String, String> byAge;
  /** {@code tenant/newest start (16 hex)/trace}: for retention. */
  private final MVMap<String, String> byNewest;
  /** {@code tenant/run/retry (8 hex)/trace} to the newest start of the run's spans there. */
  private final MVMap<String, String> lookups;
  /** {@code tenant/trace/run/retry (8 hex)}: the lookups a trace has, to drop them with it. */
  private final MVMap<String, String> traceRuns;
  private final MVMap<String, String> meta;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  /** Orders traces by arrival: the clock in ms shifted by 12 bits, made unique by counting on. */
  private final AtomicLong lastAge = new AtomicLong();
  private final AtomicLong inserts = new AtomicLong();

  FileTraceStore(Path file, int maxSpansPerTenant) {
    requireNonNull(file, "file");
    if (maxSpansPerTenant < 1) {
      throw new IllegalArgumentException("maxSpansPerTenant must be positive, got " + maxSpansPerTenant);
    }
    this.maxSpansPerTenant = maxSpansPerTenant;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      io.hatchet4j.engine.internal.store.OwnerOnly.prepare(file);
      this.store = new MVStore.Builder().fileName(file.toString()).pageSplitSize(8 << 10).cacheSize(4).open();
      // Freed pages are reusable at once (readers register the version they read), and inserts
      // compact now and then: MVStore's own compaction waits for an idle moment that a busy
      // engine never has.
      this.store.setRetentionTime(0);
    } catch (Exception e) {
      throw new IllegalStateException("cannot open span file " + file + ": " + e.getMessage(), e);
    }
    this.spans = openMap("spans");
    this.traces = openMap("traces");
    this.byAge = openMap("traces_by_age");
    this.byNewest = openMap("traces_by_newest");
    this.lookups = openMap("run_lookups");
    this.traceRuns = openMap("trace_runs");
    this.meta = openMap("meta");
    if (!LAYOUT.equals(meta.get("layout"))) {
      rebuild();
    }
    String newest = byAge.lastKey();
    if (newest != null) {
      String age = newest.substring(newest.indexOf('/') + 1, newest.lastIndexOf('/'));
      lastAge.set(Long.parseUnsignedLong(age, 16));
    }
    // One hop per tenant, not per trace.
    for (String trace = traces.ceilingKey(""); trace != null; ) {
      String tenant = trace.substring(0, trace.indexOf('/'));
      counts.computeIfAbsent(tenant, t -> new AtomicLong(countPrefix(spans, t + '/')));
      trace = traces.ceilingKey(tenant + '/' + END);
    }
  }

  private MVMap<String, String> openMap(String name) {
    return store.openMap(name, new MVMap.Builder<String, String>()
        .keyType(StringDataType.INSTANCE)
        .valueType(StringDataType.INSTANCE));
  }

  /** Builds the indexes of a file written before them, from its spans. */
  private void rebuild() {
    List<String> keys = new ArrayList<>(spans.keySet());
    traces.clear();
    byAge.clear();
    byNewest.clear();
    lookups.clear();
    traceRuns.clear();
    for (String key : keys) {
      String tenant = key.substring(0, key.indexOf('/'));
      indexSpan(tenant, Json.read(spans.get(key), SpanRecord.class));
    }
    meta.put("layout", LAYOUT);
    store.commit();
  }

  @Override
  public int insert(String tenantId, List<SpanRecord> records) {
    if (records.isEmpty()) {
      return 0;
    }
    AtomicLong count = counts.computeIfAbsent(tenantId, t -> new AtomicLong());
    int added = 0;
    synchronized (count) {
      for (SpanRecord span : records) {
        String key = tenantId + '/' + span.traceId() + '/' + hex(span.startNs()) + '/' + span.spanId();
        if (spans.putIfAbsent(key, Json.write(span)) != null) {
          continue;
        }
        indexSpan(tenantId, span);
        added++;
      }
      count.addAndGet(added);
      evict(tenantId, count);
    }
    if (inserts.incrementAndGet() % 256 == 0) {
      store.compact(90, 16 << 20);
    }
    return added;
  }

  private long nextAge() {
    long now = System.currentTimeMillis() << 12;
    return lastAge.updateAndGet(last -> Math.max(last + 1, now));
  }

  private void indexSpan(String tenantId, SpanRecord span) {
    String trace = tenantId + '/' + span.traceId();
    String info = traces.get(trace);
    long arrival;
    long newest = span.startNs();
    if (info != null) {
      int slash = info.indexOf('/');
      arrival = Long.parseUnsignedLong(info.substring(0, slash), 16);
      long before = Long.parseUnsignedLong(info.substring(slash + 1), 16);
      if (Long.compareUnsigned(before, newest) >= 0) {
        newest = before;
      } else {
        byNewest.remove(tenantId + '/' + hex(before) + '/' + span.traceId());
      }
    } else {
      arrival = nextAge();
      byAge.put(tenantId + '/' + hex(arrival) + '/' + span.traceId(), "");
    }
    traces.put(trace, hex(arrival) + "/" + hex(newest));
    byNewest.put(tenantId + '/' + hex(newest) + '/' + span.traceId(), "");
    if (span.taskRunId() != null) {
      lookup(tenantId, span.taskRunId(), span);
      if (span.workflowRunId() != null && !span.workflowRunId().equals(span.taskRunId())) {
        lookup(tenantId, span.workflowRunId(), span);
      }
    }
  }

  private void lookup(String tenantId, String runId, SpanRecord span) {
    String retry = hex8(span.retryCount());
    String key = tenantId + '/' + runId + '/' + retry + '/' + span.traceId();
    String latest = lookups.get(key);
    if (latest == null || Long.parseLong(latest) < span.startNs()) {
      lookups.put(key, Long.toString(span.startNs()));
    }
    traceRuns.putIfAbsent(tenantId + '/' + span.traceId() + '/' + runId + '/' + retry, "");
  }

  /** Drops the eldest traces while the tenant is over its limit; a lone trace is kept. */
  private void evict(String tenantId, AtomicLong count) {
    while (count.get() > maxSpansPerTenant) {
      String eldest = firstKey(byAge, tenantId + '/');
      if (eldest == null) {
        return;
      }
      String traceId = eldest.substring(eldest.lastIndexOf('/') + 1);
      if (countPrefix(traces, tenantId + '/') <= 1) {
        return;
      }
      removeTrace(tenantId, traceId, count);
    }
  }

  private void removeTrace(String tenantId, String traceId, AtomicLong count) {
    String trace = tenantId + '/' + traceId;
    String info = traces.remove(trace);
    if (info != null) {
      int slash = info.indexOf('/');
      byAge.remove(tenantId + '/' + info.substring(0, slash) + '/' + traceId);
      byNewest.remove(tenantId + '/' + info.substring(slash + 1) + '/' + traceId);
    }
    count.addAndGet(-removePrefix(spans, trace + '/'));
    for (String key : keys(traceRuns, trace + '/')) {
      String[] runRetry = key.substring(trace.length() + 1).split("/");
      lookups.remove(tenantId + '/' + runRetry[0] + '/' + runRetry[1] + '/' + traceId);
      traceRuns.remove(key);
    }
  }

  @Override
  public int deleteBefore(long cutoffMs) {
    long cutoffNs = cutoffMs * 1_000_000L;
    int deleted = 0;
    for (Map.Entry<String, AtomicLong> tenant : counts.entrySet()) {
      synchronized (tenant.getValue()) {
        String prefix = tenant.getKey() + '/';
        for (String key : keysBelow(byNewest, prefix, prefix + hex(cutoffNs))) {
          removeTrace(tenant.getKey(), key.substring(key.lastIndexOf('/') + 1), tenant.getValue());
          deleted++;
        }
      }
    }
    if (deleted > 0) {
      // Pages freed by a commit are reusable some versions later, and the file shrinks at a
      // commit that finds its last chunks free: commit a few times, move the live pages of sparse
      // chunks, and commit a few times more.
      tick();
      store.compact(90, 64 << 20);
      tick();
    }
    return deleted;
  }

  private void tick() {
    for (int round = 0; round < 8; round++) {
      meta.put("reclaim_round", Integer.toString(round));
      store.commit();
    }
  }

  @Override
  public Optional<String> traceIdOf(String tenantId, String runId) {
    return read(() -> {
      String best = null;
      int bestRetry = -1;
      long bestStart = Long.MIN_VALUE;
      String prefix = tenantId + '/' + runId + '/';
      for (String key : keys(lookups, prefix)) {
        String[] retryTrace = key.substring(prefix.length()).split("/");
        int retry = Integer.parseInt(retryTrace[0], 16);
        String value = lookups.get(key);
        long start = value == null ? Long.MIN_VALUE : Long.parseLong(value);
        if (retry > bestRetry || (retry == bestRetry && start > bestStart)) {
          best = retryTrace[1];
          bestRetry = retry;
          bestStart = start;
        }
      }
      return Optional.ofNullable(best);
    });
  }

  @Override
  public SpanPage spans(String tenantId, String traceId, int offset, int limit) {
    return read(() -> {
      String prefix = tenantId + '/' + traceId + '/';
      long from = rank(spans, prefix);
      long total = rank(spans, prefix + END) - from;
      List<SpanRecord> rows = new ArrayList<>();
      if (offset < total && limit > 0) {
        Iterator<String> it = spans.keyIterator(spans.getKey(from + Math.max(0, offset)));
        while (it.hasNext() && rows.size() < limit) {
          String key = it.next();
          if (!key.startsWith(prefix)) {
            break;
          }
          String json = spans.get(key);
          if (json != null) {
            rows.add(Json.read(json, SpanRecord.class));
          }
        }
      }
      return new SpanPage(rows, total);
    });
  }

  @Override
  public List<Integer> retryCounts(String tenantId, String runId) {
    return read(() -> {
      TreeSet<Integer> retries = new TreeSet<>();
      String prefix = tenantId + '/' + runId + '/';
      for (String key : keys(lookups, prefix)) {
        retries.add(Integer.parseInt(key.substring(prefix.length(), key.indexOf('/', prefix.length())), 16));
      }
      return List.copyOf(retries);
    });
  }

  @Override
  public long spanCount(String tenantId) {
    AtomicLong count = counts.get(tenantId);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }

  /** Reads with the version in use registered, so the background writer reuses none of its space. */
  private <T> T read(Supplier<T> body) {
    MVStore.TxCounter version = store.registerVersionUsage();
    try {
      return body.get();
    } finally {
      store.deregisterVersionUsage(version);
    }
  }

  private static String hex(long value) {
    String digits = Long.toHexString(value);
    return "0000000000000000".substring(digits.length()) + digits;
  }

  private static String hex8(int value) {
    String digits = Integer.toHexString(Math.max(0, value));
    return "00000000".substring(digits.length()) + digits;
  }

  private static long rank(MVMap<String, String> map, String key) {
    long index = map.getKeyIndex(key);
    return index >= 0 ? index : -index - 1;
  }

  private static long countPrefix(MVMap<String, String> map, String prefix) {
    return rank(map, prefix + END) - rank(map, prefix);
  }

  private static String firstKey(MVMap<String, String> map, String prefix) {
    String key = map.ceilingKey(prefix);
    return key != null && key.startsWith(prefix) ? key : null;
  }

  private static List<String> keys(MVMap<String, String> map, String prefix) {
    return keysBelow(map, prefix, prefix + END);
  }

  private static List<String> keysBelow(MVMap<String, String> map, String from, String to) {
    List<String> keys = new ArrayList<>();
    Iterator<String> it = map.keyIterator(from);
    while (it.hasNext()) {
      String key = it.next();
      if (key.compareTo(to) >= 0) {
        break;
      }
      keys.add(key);
    }
    return keys;
  }

  private static int removePrefix(MVMap<String, String> map, String prefix) {
    List<String> keys = keys(map, prefix);
    keys.forEach(map::remove);
    return keys.size();
  }
}
