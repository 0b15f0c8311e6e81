package io.hatchet4j.engine.internal.traces;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * Spans in an H2 MVStore file, as JSON text like the engine's own store.
 *
 * <p>The file is the engine database's sibling, not the database itself: MVStore commits every map
 * at once, and spans arrive on collector threads at any time, so sharing the file would commit the
 * scheduler's half-done batches. This file instead auto-commits in the background about once a
 * second; a crash loses at most that last second of spans, never engine state.
 */
final class MvSpanFile implements SpanFile {
  private final MVStore store;
  /** {@code tenant/trace/start(16 hex)/span} to the span's JSON. */
  private final MVMap<String, String> spans;
  /** {@code tenant/trace} to when its first span was written (epoch ms), for eldest-first loading. */
  private final MVMap<String, String> traces;

  MvSpanFile(Path file) {
    requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      io.hatchet4j.engine.internal.store.OwnerOnly.prepare(file);
      this.store = new MVStore.Builder().fileName(file.toString()).open();
    } catch (Exception e) {
      throw new IllegalStateException("cannot open span file " + file + ": " + e.getMessage(), e);
    }
    this.spans = openMap("spans");
    this.traces = openMap("traces");
  }

  private MVMap<String, String> openMap(String name) {
    return store.openMap(name, new MVMap.Builder<String, String>()
        .keyType(StringDataType.INSTANCE)
        .valueType(StringDataType.INSTANCE));
  }

  @Override
  public void loadAll(BiConsumer<String, List<SpanRecord>> sink) {
    List<Map.Entry<String, String>> byAge = new ArrayList<>(traces.entrySet());
    byAge.sort(Comparator.comparingLong(e -> Long.parseLong(e.getValue())));
    for (Map.Entry<String, String> trace : byAge) {
      List<SpanRecord> records = new ArrayList<>();
      for (String key : spanKeys(trace.getKey())) {
        records.add(Json.read(spans.get(key), SpanRecord.class));
      }
      sink.accept(trace.getKey().substring(0, trace.getKey().indexOf('/')), records);
    }
  }

  @Override
  public void write(String tenantId, List<SpanRecord> records, long nowMs) {
    for (SpanRecord span : records) {
      String trace = tenantId + '/' + span.traceId();
      traces.putIfAbsent(trace, Long.toString(nowMs));
      spans.put(trace + '/' + String.format("%016x", span.startNs()) + '/' + span.spanId(), Json.write(span));
    }
  }

  @Override
  public void removeTrace(String tenantId, String traceId) {
    String trace = tenantId + '/' + traceId;
    spanKeys(trace).forEach(spans::remove);
    traces.remove(trace);
  }

  /** The keys of one trace's spans ({@code tenant/trace}), in start order. */
  private List<String> spanKeys(String trace) {
    String prefix = trace + '/';
    List<String> keys = new ArrayList<>();
    Iterator<String> iterator = spans.keyIterator(prefix);
    while (iterator.hasNext()) {
      String key = iterator.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      keys.add(key);
    }
    return keys;
  }

  @Override
  public void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }
}
