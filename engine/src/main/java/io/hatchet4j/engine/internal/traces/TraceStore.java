package io.hatchet4j.engine.internal.traces;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where spans are kept, per tenant, indexed by trace id and by the task and workflow runs they
 * belong to.
 *
 * <p>Not public API. Thread-safe. Memory is bounded: a tenant keeps at most {@code
 * maxSpansPerTenant} spans; past that its oldest traces (by when their first span arrived) are
 * dropped whole, so a trace is never shown half-evicted. A span whose trace id, span id and start
 * time are already stored is ignored, as upstream's insert-or-ignore does.
 */
public interface TraceStore extends AutoCloseable {

  /** Spans a tenant keeps by default, about 200 MB at 1 KB a span. */
  int DEFAULT_MAX_SPANS_PER_TENANT = 200_000;

  /** A store that forgets everything when closed. */
  static TraceStore inMemory(int maxSpansPerTenant) {
    return new MemoryTraceStore(maxSpansPerTenant, SpanFile.NONE);
  }

  /**
   * A store in an MVStore file, which keeps no span in memory: reads come from the file.
   *
   * @throws IllegalStateException if the file cannot be opened
   */
  static TraceStore open(Path file, int maxSpansPerTenant) {
    return new FileTraceStore(file, maxSpansPerTenant);
  }

  /** Stores spans of one tenant and returns how many were new. */
  int insert(String tenantId, List<SpanRecord> spans);

  /**
   * The trace of a task run or workflow run: among the traces its spans were seen in, the one of
   * its highest retry count, then of its latest span, as upstream's lookup chooses.
   */
  Optional<String> traceIdOf(String tenantId, String runId);

  /** One page of a trace's spans ordered by start time, with the trace's total span count. */
  SpanPage spans(String tenantId, String traceId, int offset, int limit);

  /** The retry counts seen in spans of a run, ascending. */
  List<Integer> retryCounts(String tenantId, String runId);

  /**
   * Deletes every trace, of every tenant, whose newest span started before {@code cutoffMs};
   * returns how many traces it deleted.
   */
  int deleteBefore(long cutoffMs);

  /** How many spans the tenant has stored. */
  long spanCount(String tenantId);

  /** Writes what is pending and releases the store's file, if any. */
  @Override
  void close();

  /** A page of spans and the total they were taken from. */
  record SpanPage(List<SpanRecord> rows, long total) {
    public SpanPage {
      rows = List.copyOf(rows);
    }
  }
}
