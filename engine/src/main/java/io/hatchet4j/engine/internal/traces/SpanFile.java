package io.hatchet4j.engine.internal.traces;

import java.util.List;
import java.util.function.BiConsumer;

/** Where {@link MemoryTraceStore} writes spans through to, so they survive a restart. */
interface SpanFile extends AutoCloseable {
  /** Keeps nothing. */
  SpanFile NONE = new SpanFile() {
    @Override
    public void loadAll(BiConsumer<String, List<SpanRecord>> sink) {}

    @Override
    public void write(String tenantId, List<SpanRecord> spans, long nowMs) {}

    @Override
    public void removeTrace(String tenantId, String traceId) {}

    @Override
    public void close() {}
  };

  /** Hands every stored trace to {@code sink} (tenant id, spans), oldest trace first. */
  void loadAll(BiConsumer<String, List<SpanRecord>> sink);

  /** Writes new spans of one tenant. */
  void write(String tenantId, List<SpanRecord> spans, long nowMs);

  void removeTrace(String tenantId, String traceId);

  @Override
  void close();
}
