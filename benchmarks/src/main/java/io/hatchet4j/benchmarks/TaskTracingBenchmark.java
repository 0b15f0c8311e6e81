package io.hatchet4j.benchmarks;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.Chain;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.opentelemetry.HatchetAttributeSpanProcessor;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.opentelemetry.HatchetTelemetry;
import io.hatchet4j.opentelemetry.TestTaskContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracing adds to one task attempt on a worker: the interceptor chain around a handler that
 * does nothing, without the instrumentor, with it switched off, and with it on (with and without
 * an incoming {@code traceparent}), exporting through a real SDK provider and batch processor to
 * an exporter that discards.
 *
 * <pre>
 * mvn -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TaskTracing
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskTracingBenchmark {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private SdkTracerProvider provider;
  private SdkMeterProvider meterProvider;
  private OpenTelemetrySdk openTelemetry;
  private HatchetInstrumentor instrumentor;
  private HatchetInstrumentor withMetrics;
  private HatchetInterceptor telemetry;
  private HatchetInterceptor telemetryWithLogs;
  private HatchetInstrumentor switchedOff;
  private Chain<TaskRun, Object> root;
  private Chain<TaskRun, Object> child;

  @Setup
  public void setUp() {
    provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(HatchetAttributeSpanProcessor.create())
            .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build())
            .build();
    instrumentor = HatchetInstrumentor.builder().setTracerProvider(provider).setEnvironment(Map.of()).build();
    switchedOff = HatchetInstrumentor.builder().setTracerProvider(provider).setEnvironment(Map.of()).build();
    switchedOff.uninstrument();
    meterProvider = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    withMetrics =
        HatchetInstrumentor.builder().setTracerProvider(provider).setMeterProvider(meterProvider).setEnvironment(Map.of()).build();
    openTelemetry =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build()).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    telemetry = HatchetTelemetry.builder(openTelemetry).setTaskLogsEnabled(false).build().newInterceptor();
    telemetryWithLogs = HatchetTelemetry.create(openTelemetry).newInterceptor();
    root = new NoopHandler(taskRun(Map.of()));
    child = new NoopHandler(taskRun(Map.of("traceparent", TRACEPARENT)));
  }

  @TearDown
  public void tearDown() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
    meterProvider.shutdown().join(10, TimeUnit.SECONDS);
    openTelemetry.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** The SDK with no interceptor installed calls the handler directly. */
  @Benchmark
  public Object noInstrumentor() throws Exception {
    return root.proceed(root.request());
  }

  /** The instrumentor installed but switched off with {@code uninstrument()}. */
  @Benchmark
  public Object instrumentorOff() throws Exception {
    return switchedOff.executeTask(root);
  }

  /** A traced task that starts a new trace. */
  @Benchmark
  public Object instrumented() throws Exception {
    return instrumentor.executeTask(root);
  }

  /** A traced task continuing its trigger's trace from {@code traceparent}. */
  @Benchmark
  public Object instrumentedWithParent() throws Exception {
    return instrumentor.executeTask(child);
  }

  /** A traced task that starts a new trace, with the task metrics recorded too. */
  @Benchmark
  public Object instrumentedWithMetrics() throws Exception {
    return withMetrics.executeTask(root);
  }

  /** The same through {@code HatchetTelemetry} on an application's OpenTelemetrySdk (traces and metrics), continuing a trace. */
  @Benchmark
  public Object telemetryWithMetrics() throws Exception {
    return telemetry.executeTask(child);
  }

  /** As {@link #telemetryWithMetrics}, with the task's context wrapped so its log lines become log records. */
  @Benchmark
  public Object telemetryWithMetricsAndLogs() throws Exception {
    return telemetryWithLogs.executeTask(child);
  }

  private static TaskRun taskRun(Map<String, String> metadata) {
    ActionInfo action =
        new ActionInfo(
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "bench:noop",
            "noop",
            "bench",
            0,
            "{\"input\":{}}",
            metadata,
            1,
            null,
            null,
            null,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            null,
            null);
    return new TaskRun(action, new TestTaskContext(action));
  }

  /** The end of the chain: a handler that returns at once. */
  private static final class NoopHandler implements Chain<TaskRun, Object> {
    private final TaskRun run;

    NoopHandler(TaskRun run) {
      this.run = run;
    }

    @Override
    public TaskRun request() {
      return run;
    }

    @Override
    public Object proceed(TaskRun request) {
      return request;
    }
  }

  private static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

}
