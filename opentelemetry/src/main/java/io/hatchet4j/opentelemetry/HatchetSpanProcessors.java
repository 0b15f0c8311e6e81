package io.hatchet4j.opentelemetry;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.HatchetConfig;
import io.hatchet4j.opentelemetry.internal.OtlpExporters;
import io.hatchet4j.opentelemetry.internal.UnimplementedBackoffExporter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Hatchet export pipeline as one {@link SpanProcessor}, for an application that builds its own
 * {@link io.opentelemetry.sdk.trace.SdkTracerProvider}.
 *
 * <p>The pipeline: {@link HatchetAttributeSpanProcessor}, then a {@link BatchSpanProcessor}, then an
 * OTLP/gRPC exporter to the engine the client talks to ({@code http(s)://<hostPort>}, with {@code
 * authorization: Bearer <token>} and the client's TLS settings: root CA, client certificate and key
 * for mTLS, server name). An engine without a span collector answers {@code UNIMPLEMENTED}; the
 * pipeline then stops sending for five minutes and tries again, quietly. Each export gives up after
 * the {@linkplain Builder#setExportTimeout export timeout}; an unreachable engine is logged once
 * per outage, as one warning line, and its batches are dropped.
 *
 * <pre>{@code
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *     .addSpanProcessor(HatchetSpanProcessors.create(hatchetConfig))
 *     .addSpanProcessor(BatchSpanProcessor.builder(myBackendExporter).build())
 *     .build();
 * HatchetInstrumentor instrumentor = HatchetInstrumentor.builder()
 *     .setTracerProvider(provider)
 *     .build();
 * }</pre>
 *
 * <p>Exporting never blocks the threads that end spans: a full queue drops spans, and a failed
 * export is logged and dropped. Shutting the processor down (with its provider) closes its
 * connection to the engine.
 */
public final class HatchetSpanProcessors {

  /** How long the batch processor waits between exports, in milliseconds: OpenTelemetry's default. */
  public static final long DEFAULT_SCHEDULE_DELAY_MILLIS = 5000;

  /** The most spans one export carries: OpenTelemetry's default, half the engine's limit. */
  public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;

  /** The most spans waiting for export; more are dropped. OpenTelemetry's default. */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;

  /**
   * How long one export, a flush, or closing the connection may take before it is given up: a
   * collector that accepts connections and never answers holds nothing up for longer.
   */
  public static final Duration DEFAULT_EXPORT_TIMEOUT = OtlpExporters.DEFAULT_TIMEOUT;

  private HatchetSpanProcessors() {}

  /**
   * The pipeline with default batching, exporting to the engine {@code config} names.
   *
   * @throws IllegalArgumentException if a configured TLS file cannot be read
   */
  public static SpanProcessor create(HatchetConfig config) {
    return builder(config).build();
  }

  /** A builder for the pipeline exporting to the engine {@code config} names. */
  public static Builder builder(HatchetConfig config) {
    return new Builder(requireNonNull(config, "config"));
  }

  /** Builds the Hatchet pipeline. Not thread-safe. */
  public static final class Builder {
    private final HatchetConfig config;
    private long scheduleDelayMillis = DEFAULT_SCHEDULE_DELAY_MILLIS;
    private int maxExportBatchSize = DEFAULT_MAX_EXPORT_BATCH_SIZE;
    private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    private Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;
    private Clock clock = Clock.getDefault();

    private Builder(HatchetConfig config) {
      this.config = config;
    }

    /** The delay between exports; default {@value HatchetSpanProcessors#DEFAULT_SCHEDULE_DELAY_MILLIS}. */
    public Builder setScheduleDelayMillis(long scheduleDelayMillis) {
      this.scheduleDelayMillis = Options.requireNonNegative(scheduleDelayMillis, "scheduleDelayMillis");
      return this;
    }

    /** The most spans per export; default {@value HatchetSpanProcessors#DEFAULT_MAX_EXPORT_BATCH_SIZE}. */
    public Builder setMaxExportBatchSize(int maxExportBatchSize) {
      this.maxExportBatchSize = Options.requirePositive(maxExportBatchSize, "maxExportBatchSize");
      return this;
    }

    /** The most spans waiting for export; default {@value HatchetSpanProcessors#DEFAULT_MAX_QUEUE_SIZE}. */
    public Builder setMaxQueueSize(int maxQueueSize) {
      this.maxQueueSize = Options.requirePositive(maxQueueSize, "maxQueueSize");
      return this;
    }

    /**
     * How long one export, and closing the connection, may take; default {@link
     * HatchetSpanProcessors#DEFAULT_EXPORT_TIMEOUT} (3 s).
     */
    public Builder setExportTimeout(Duration exportTimeout) {
      this.exportTimeout = Options.requirePositive(exportTimeout, "exportTimeout");
      return this;
    }

    /** The clock the {@code UNIMPLEMENTED} back-off measures five minutes with; for tests. */
    Builder setClock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the pipeline; its connection to the engine opens on the first export.
     *
     * @throws IllegalArgumentException if the batch size exceeds the queue size, or a configured
     *     TLS file cannot be read
     */
    public SpanProcessor build() {
      Options.requireBatchFitsQueue(maxExportBatchSize, maxQueueSize);
      return build(OtlpExporters.create(config, exportTimeout));
    }

    SpanProcessor build(SpanExporter exporter) {
      BatchSpanProcessor batch =
          BatchSpanProcessor.builder(new UnimplementedBackoffExporter(exporter, clock))
              .setScheduleDelay(scheduleDelayMillis, TimeUnit.MILLISECONDS)
              .setMaxExportBatchSize(maxExportBatchSize)
              .setMaxQueueSize(maxQueueSize)
              .setExporterTimeout(exportTimeout.toNanos(), TimeUnit.NANOSECONDS)
              .setMeterProvider(MeterProvider.noop())
              .build();
      return SpanProcessor.composite(HatchetAttributeSpanProcessor.create(), batch);
    }
  }
}
