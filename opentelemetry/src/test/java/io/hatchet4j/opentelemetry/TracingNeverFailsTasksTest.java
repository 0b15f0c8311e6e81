package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.workflow.Condition;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Whatever happens to tracing, the task and the call it wraps go on as if it were not there. */
class TracingNeverFailsTasksTest {

  /** Runs {@code count} tasks through {@code instrumentor}; fails if any does not return its output. */
  private static Duration runTasks(HatchetInstrumentor instrumentor, int count) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      ActionInfo action = action(Map.of("traceparent", Calls.TRACEPARENT));
      Object output = instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> "out"));
      assertThat(output).isEqualTo("out");
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** An exporter whose flush and shutdown succeed at once. */
  private abstract static class ExporterStub implements SpanExporter {
    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static final class ThrowingExporter extends ExporterStub {
    final AtomicInteger exports = new AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exports.incrementAndGet();
      throw new IllegalStateException("exporter is broken");
    }

    @Override
    public CompletableResultCode flush() {
      throw new IllegalStateException("exporter is broken");
    }
  }

  @Test
  void anExporterThatThrowsNeverReachesTheTask() throws Exception {
    ThrowingExporter exporter = new ThrowingExporter();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build()) {
      HatchetInstrumentor instrumentor = HatchetInstrumentor.builder().setTracerProvider(provider).setEnvironment(Map.of()).build();

      runTasks(instrumentor, 10);
      instrumentor.runWorkflow(chain(WorkflowTrigger.of("w", "{}", Map.of()), t -> "id"));

      assertThat(exporter.exports.get()).isGreaterThanOrEqualTo(11);
    }
  }

  @Test
  void aFullQueueDropsSpansInsteadOfBlockingTasks() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SpanExporter stuck =
        new ExporterStub() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            CompletableResultCode result = new CompletableResultCode();
            new Thread(() -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              result.succeed();
            }).start();
            return result;
          }
        };
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                HatchetSpanProcessors.builder(Configs.config("localhost:1", "test"))
                    .setMaxQueueSize(2)
                    .setMaxExportBatchSize(1)
                    .setScheduleDelayMillis(0)
                    .build(stuck))
            .build();
    try {
      HatchetInstrumentor instrumentor = HatchetInstrumentor.builder().setTracerProvider(provider).setEnvironment(Map.of()).build();

      Duration took = runTasks(instrumentor, 2000);

      assertThat(took).as("2000 tasks behind a stuck exporter").isLessThan(Duration.ofSeconds(10));
    } finally {
      release.countDown();
      provider.close();
    }
  }

  @Test
  void anUnreachableEngineNeverSlowsTasks() throws Exception {
    String closed;
    try (OtlpReceiver gone = OtlpReceiver.collector()) {
      closed = gone.hostPort();
    }
    HatchetInstrumentor instrumentor =
        HatchetInstrumentor.builder().setEnvironment(Map.of()).setScheduleDelayMillis(1).setMaxQueueSize(16).setMaxExportBatchSize(4).build();
    instrumentor.onClientStart(Configs.config(closed, "test"));

    Duration took = runTasks(instrumentor, 500);
    assertThat(took).isLessThan(Duration.ofSeconds(10));

    long start = System.nanoTime();
    instrumentor.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(HatchetInstrumentor.CLOSE_TIMEOUT.plusSeconds(1));
  }

  @Test
  void brokenInstrumentationLetsEveryCallProceedUntraced() throws Exception {
    Tracer broken =
        new Tracer() {
          @Override
          public SpanBuilder spanBuilder(String spanName) {
            throw new IllegalStateException("tracer is broken");
          }
        };
    TracerProvider provider =
        new TracerProvider() {
          @Override
          public Tracer get(String instrumentationScopeName) {
            return broken;
          }

          @Override
          public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
            return broken;
          }
        };
    HatchetInstrumentor instrumentor = HatchetInstrumentor.builder().setTracerProvider(provider).setEnvironment(Map.of()).build();
    ActionInfo action = action(Map.of());
    WorkflowTrigger trigger = WorkflowTrigger.of("w", "{}", Map.of());
    EventPush event = new EventPush("k", "{}", Map.of(), null, null);
    WorkflowSchedule schedule = new WorkflowSchedule("w", "{}", Map.of(), null, List.of(Instant.now()));
    DurableWait wait = new DurableWait(action, "s", List.of(Condition.sleep(Duration.ofSeconds(1))));

    assertThat(instrumentor.runWorkflow(chain(trigger, t -> t == trigger ? "id" : "changed"))).isEqualTo("id");
    assertThat(instrumentor.runWorkflows(chain(List.of(trigger), t -> List.of("id")))).containsExactly("id");
    assertThat(instrumentor.scheduleWorkflow(chain(schedule, s -> s == schedule ? List.of("id") : List.of()))).containsExactly("id");
    assertThat(instrumentor.pushEvent(chain(event, e -> e == event ? "id" : "changed"))).isEqualTo("id");
    assertThat(instrumentor.bulkPushEvent(chain(List.of(event), e -> List.of("id")))).containsExactly("id");
    assertThat(instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> "out"))).isEqualTo("out");
    assertThat(instrumentor.cancelTask(chain(new TaskCancellation(action, true), c -> null))).isNull();
    assertThat(instrumentor.durableWaitFor(chain(wait, w -> null))).isNull();
  }

  @Test
  void garbageMetadataNeverFailsATask() throws Exception {
    InMemoryTracing tracing = new InMemoryTracing();
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    List<Map<String, String>> garbage =
        List.of(
            Map.of("traceparent", "00-" + "g".repeat(32) + "-" + "1".repeat(16) + "-01"),
            Map.of("traceparent", "\u0000\uFFFF", "tracestate", "=,=,=,=="),
            Map.of("traceparent", Calls.TRACEPARENT, "tracestate", "x".repeat(100_000)),
            Map.of("traceparent", "x".repeat(1_000_000)),
            Map.of("hatchet__parent_workflow_run_id", "not-a-uuid", "traceparent", "{\"nested\":true}"));

    for (Map<String, String> metadata : garbage) {
      ActionInfo action =
          new ActionInfo("t", "w", "not-a-uuid", "s", "also-not", "a:b", "b", "a", -1, "{not json", metadata, 0, null, -7, null, null, null, null, null);
      Object output = instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> "fine"));
      assertThat(output).isEqualTo("fine");
      String id = instrumentor.runWorkflow(chain(WorkflowTrigger.of("w", "not json either", metadata), t -> "run"));
      assertThat(id).isEqualTo("run");
    }
    assertThat(tracing.spans()).hasSize(2 * garbage.size());
    tracing.close();
  }

  @Test
  void aPipelineThatCannotBeBuiltStillLetsTracesPropagate() throws Exception {
    HatchetInstrumentor instrumentor = HatchetInstrumentor.builder().setEnvironment(Map.of()).build();
    instrumentor.onClientStart(
        io.hatchet4j.HatchetConfig.builder()
            .setEnvironment(Map.of())
            .setToken(Configs.token())
            .setHostPort("localhost:1")
            .setNamespace("test")
            .setTlsStrategy(io.hatchet4j.TlsStrategy.TLS)
            .setTlsRootCaFile(java.nio.file.Path.of("does-not-exist.pem"))
            .build());
    Calls.RecordingChain<WorkflowTrigger, String> chain = chain(WorkflowTrigger.of("w", "{}", Map.of()), t -> "id");

    assertThat(instrumentor.runWorkflow(chain)).isEqualTo("id");
    assertThat(chain.proceeded.additionalMetadata()).containsKey("traceparent");
    runTasks(instrumentor, 1);
    instrumentor.close();
  }
}
