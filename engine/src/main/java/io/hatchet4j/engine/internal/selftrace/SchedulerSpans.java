package io.hatchet4j.engine.internal.selftrace;

import io.hatchet4j.engine.internal.runs.BatchObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * Spans of the scheduler loop, at low cardinality: one {@code scheduler.batch} span per batch of
 * commands that ended with an assignment pass (at most one per store commit, never one per task),
 * with children {@code scheduler.assign}, {@code scheduler.commit} and {@code scheduler.dispatch}
 * (messages to workers) for its phases. Batches without an assignment pass (heartbeats, reads) are
 * not traced. Not public API; called on the scheduler thread only.
 */
final class SchedulerSpans implements BatchObserver {
  static final AttributeKey<Long> COMMANDS = AttributeKey.longKey("hatchet.scheduler.batch.commands");

  private final Tracer tracer;
  /** Maps {@link System#nanoTime()} to epoch nanoseconds; fixed at start, as the SDK's own clock does. */
  private final long epochOffsetNanos;

  SchedulerSpans(Tracer tracer) {
    this.tracer = tracer;
    this.epochOffsetNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - System.nanoTime();
  }

  @Override
  public void batchDone(Batch batch) {
    if (!batch.assigned()) {
      return;
    }
    Span parent = tracer.spanBuilder("scheduler.batch")
        .setParent(Context.root())
        .setStartTimestamp(epoch(batch.startNanos()), TimeUnit.NANOSECONDS)
        .setAttribute(COMMANDS, batch.commands())
        .startSpan();
    Context context = Context.root().with(parent);
    phase(context, "scheduler.assign", batch.assignNanos(), batch.commitNanos());
    phase(context, "scheduler.commit", batch.commitNanos(), batch.effectsNanos());
    phase(context, "scheduler.dispatch", batch.effectsNanos(), batch.endNanos());
    parent.end(epoch(batch.endNanos()), TimeUnit.NANOSECONDS);
  }

  private void phase(Context parent, String name, long startNanos, long endNanos) {
    tracer.spanBuilder(name).setParent(parent).setStartTimestamp(epoch(startNanos), TimeUnit.NANOSECONDS)
        .startSpan().end(epoch(endNanos), TimeUnit.NANOSECONDS);
  }

  private long epoch(long nanoTime) {
    return epochOffsetNanos + nanoTime;
  }
}
