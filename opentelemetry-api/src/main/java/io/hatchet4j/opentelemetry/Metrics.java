package io.hatchet4j.opentelemetry;

import io.hatchet4j.interceptor.ActionInfo;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of tasks on workers and of triggers and pushes on clients. Instrument names follow
 * OpenTelemetry's messaging conventions where one fits ({@code messaging.process.duration}, {@code
 * messaging.client.sent.messages}, {@code messaging.client.operation.duration}), {@code hatchet.*}
 * otherwise.
 *
 * <p>Attribute sets are cached per action and per worker, so recording costs no allocation on the
 * task path.
 */
final class Metrics {
  /**
   * Written into a run's metadata by an instrumented client when metrics are on: when the run was
   * triggered, in epoch milliseconds, from which a worker measures the queue wait.
   */
  static final String ENQUEUED_AT = "hatchet4j_enqueued_at";

  static final AttributeKey<String> WORKER_ID = AttributeKey.stringKey("hatchet.worker_id");
  static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("hatchet.cancelled");

  private static final double NANOS_PER_SECOND = 1e9;
  /** Seconds, for durations from a millisecond to several minutes. */
  private static final List<Double> DURATION_BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0);

  private final boolean enabled;
  private final DoubleHistogram processDuration;
  private final DoubleHistogram queueWait;
  private final LongCounter attempts;
  private final LongCounter retries;
  private final LongCounter failures;
  private final LongCounter cancellations;
  private final LongUpDownCounter active;
  private final LongUpDownCounter slotsUsed;
  private final LongCounter sentMessages;
  private final DoubleHistogram clientDuration;
  private final Map<String, Attributes> byAction = new ConcurrentHashMap<>();
  private final Map<String, Attributes> byWorker = new ConcurrentHashMap<>();
  private final Map<String, Attributes> byDestination = new ConcurrentHashMap<>();

  Metrics(MeterProvider provider, String version) {
    this.enabled = provider != null && provider != MeterProvider.noop();
    Meter meter =
        (enabled ? provider : MeterProvider.noop()).meterBuilder(HatchetTelemetry.INSTRUMENTATION_NAME).setInstrumentationVersion(version).build();
    processDuration =
        meter.histogramBuilder("messaging.process.duration")
            .setUnit("s")
            .setDescription("How long task attempts ran on this worker.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    queueWait =
        meter.histogramBuilder("hatchet.task.queue_wait")
            .setUnit("s")
            .setDescription(
                "From the trigger by an instrumented client to the start of the run's first task on this worker (first attempts of tasks without parents).")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    attempts = meter.counterBuilder("hatchet.task.attempts").setUnit("{attempt}").setDescription("Task attempts started on this worker.").build();
    retries =
        meter.counterBuilder("hatchet.task.retries").setUnit("{attempt}").setDescription("Task attempts started on this worker that were retries.").build();
    failures =
        meter.counterBuilder("hatchet.task.failures").setUnit("{attempt}").setDescription("Task attempts on this worker that failed, by error.type.").build();
    cancellations =
        meter.counterBuilder("hatchet.task.cancellations").setUnit("{attempt}").setDescription("Task attempts on this worker that were cancelled.").build();
    active =
        meter.upDownCounterBuilder("hatchet.task.active").setUnit("{attempt}").setDescription("Task attempts running on this worker now.").build();
    slotsUsed =
        meter.upDownCounterBuilder("hatchet.worker.slots.used").setUnit("{slot}").setDescription("Slots of each worker in use now.").build();
    sentMessages =
        meter.counterBuilder("messaging.client.sent.messages")
            .setUnit("{message}")
            .setDescription("Runs triggered or scheduled and events pushed by this client.")
            .build();
    clientDuration =
        meter.histogramBuilder("messaging.client.operation.duration")
            .setUnit("s")
            .setDescription("How long triggering, scheduling and pushing took.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
  }

  boolean enabled() {
    return enabled;
  }

  /** A task attempt started; returns its start in {@link System#nanoTime()}. */
  long taskStarted(ActionInfo action) {
    Attributes attributes = actionAttributes(action.actionId());
    attempts.add(1, attributes);
    if (action.retryCount() > 0) {
      retries.add(1, attributes);
    } else {
      recordQueueWait(action, attributes);
    }
    active.add(1, attributes);
    slotsUsed.add(1, workerAttributes(action.workerId()));
    return System.nanoTime();
  }

  /** A task attempt that started at {@code startNanos} ended; {@code failure} is null on success. */
  void taskEnded(ActionInfo action, long startNanos, boolean cancelled, Throwable failure) {
    double seconds = (System.nanoTime() - startNanos) / NANOS_PER_SECOND;
    Attributes attributes = actionAttributes(action.actionId());
    active.add(-1, attributes);
    slotsUsed.add(-1, workerAttributes(action.workerId()));
    if (cancelled) {
      cancellations.add(1, attributes);
      processDuration.record(seconds, attributes.toBuilder().put(CANCELLED, true).build());
    } else if (failure != null) {
      Attributes failed = attributes.toBuilder().put(SpanKeys.ERROR_TYPE, failure.getClass().getName()).build();
      failures.add(1, failed);
      processDuration.record(seconds, failed);
    } else {
      processDuration.record(seconds, attributes);
    }
  }

  /** The run was triggered by an instrumented client and this is its first task: record the wait since. */
  private void recordQueueWait(ActionInfo action, Attributes attributes) {
    String enqueuedAt = action.additionalMetadata().get(ENQUEUED_AT);
    if (enqueuedAt == null || hasParents(action.actionPayload())) {
      return;
    }
    try {
      long waitedMillis = System.currentTimeMillis() - Long.parseLong(enqueuedAt);
      if (waitedMillis >= 0) {
        queueWait.record(waitedMillis / 1000.0, attributes);
      }
    } catch (NumberFormatException e) {
      // Not ours: nothing to measure.
    }
  }

  /**
   * Whether a task's payload names parent outputs, so that its run started before it and the time
   * since the trigger includes the parents' work.
   */
  static boolean hasParents(String payload) {
    if (payload == null) {
      return false;
    }
    int key = payload.indexOf("\"parents\"");
    if (key < 0) {
      return false;
    }
    int i = payload.indexOf(':', key) + 1;
    while (i > 0 && i < payload.length() && Character.isWhitespace(payload.charAt(i))) {
      i++;
    }
    if (i <= 0 || i >= payload.length() || payload.charAt(i) != '{') {
      return false;
    }
    i++;
    while (i < payload.length() && Character.isWhitespace(payload.charAt(i))) {
      i++;
    }
    return i < payload.length() && payload.charAt(i) != '}';
  }

  /** A client call that sends {@code count} messages to {@code destination} ended. */
  void sent(HatchetOperation operation, String destination, int count, long startNanos, Throwable failure) {
    double seconds = (System.nanoTime() - startNanos) / NANOS_PER_SECOND;
    Attributes attributes = destinationAttributes(operation, destination);
    if (failure != null) {
      attributes = attributes.toBuilder().put(SpanKeys.ERROR_TYPE, failure.getClass().getName()).build();
    }
    sentMessages.add(count, attributes);
    clientDuration.record(seconds, attributes);
  }

  private Attributes actionAttributes(String actionId) {
    return byAction.computeIfAbsent(
        actionId,
        id ->
            Attributes.of(
                SpanKeys.MESSAGING_SYSTEM, SpanKeys.MESSAGING_SYSTEM_VALUE,
                SpanKeys.MESSAGING_OPERATION_NAME, HatchetOperation.START_STEP_RUN.operationName(),
                SpanKeys.MESSAGING_DESTINATION_NAME, id));
  }

  private Attributes workerAttributes(String workerId) {
    return byWorker.computeIfAbsent(workerId == null ? "" : workerId, id -> id.isEmpty() ? Attributes.empty() : Attributes.of(WORKER_ID, id));
  }

  private Attributes destinationAttributes(HatchetOperation operation, String destination) {
    String key = operation.ordinal() + ":" + (destination == null ? "" : destination);
    return byDestination.computeIfAbsent(
        key,
        k -> {
          var builder =
              Attributes.builder()
                  .put(SpanKeys.MESSAGING_SYSTEM, SpanKeys.MESSAGING_SYSTEM_VALUE)
                  .put(SpanKeys.MESSAGING_OPERATION_NAME, operation.operationName());
          if (destination != null) {
            builder.put(SpanKeys.MESSAGING_DESTINATION_NAME, destination);
          }
          return builder.build();
        });
  }
}
