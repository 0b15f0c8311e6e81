package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.HatchetConfig;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.opentelemetry.internal.OtlpExporters;
import io.hatchet4j.opentelemetry.internal.UnimplementedBackoffExporter;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Hatchet pipeline against real gRPC servers on loopback. */
class HatchetPipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static SpanData span(String name) {
    return TestSpanData.builder()
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setStatus(StatusData.unset())
        .setHasEnded(true)
        .build();
  }

  private static CompletableResultCode export(SpanExporter exporter, String name) {
    return exporter.export(List.of(span(name))).join(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static String attribute(Span span, String key) {
    return span.getAttributesList().stream()
        .filter(a -> a.getKey().equals(key))
        .map(KeyValue::getValue)
        .map(v -> v.hasIntValue() ? String.valueOf(v.getIntValue()) : v.getStringValue())
        .findFirst()
        .orElse(null);
  }

  @Test
  void theDefaultPipelineDeliversTaskSpansToTheEnginesCollectorWithTheToken() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.collector()) {
      HatchetConfig config = Configs.config(receiver.hostPort(), "test");
      HatchetInstrumentor instrumentor = HatchetInstrumentor.builder().setEnvironment(Map.of()).build();
      instrumentor.onClientStart(config);
      ActionInfo action = action(Map.of());

      instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> null));
      instrumentor.forceFlush().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      Span span =
          receiver.awaitSpan("hatchet.start_step_run", WAIT).stream()
              .filter(s -> s.getName().equals("hatchet.start_step_run"))
              .findFirst()
              .orElseThrow();
      assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
      assertThat(attribute(span, "hatchet.step_run_id")).isEqualTo(action.taskRunId());
      assertThat(attribute(span, "hatchet.retry_count")).isEqualTo("0");
      assertThat(receiver.authorizations).isNotEmpty().allSatisfy(value -> assertThat(value).isEqualTo("Bearer " + config.token()));
      assertThat(receiver.serviceNames).isNotEmpty().containsOnly("hatchet-worker");
      instrumentor.close();
    }
  }

  @Test
  void anEngineWithoutCollectorIsSkippedForFiveMinutes() throws Exception {
    try (OtlpReceiver engine = OtlpReceiver.withoutCollector()) {
      TestClock clock = TestClock.create();
      SpanExporter exporter = new UnimplementedBackoffExporter(OtlpExporters.create(Configs.config(engine.hostPort(), "test")), clock);

      assertThat(export(exporter, "first").isSuccess()).as("UNIMPLEMENTED is reported as success").isTrue();
      assertThat(engine.calls).hasValue(1);

      assertThat(export(exporter, "second").isSuccess()).isTrue();
      clock.advance(Duration.ofMinutes(4).plusSeconds(59));
      assertThat(export(exporter, "third").isSuccess()).isTrue();
      assertThat(engine.calls).as("nothing sent within five minutes").hasValue(1);

      clock.advance(Duration.ofSeconds(1));
      assertThat(export(exporter, "fourth").isSuccess()).isTrue();
      assertThat(engine.calls).as("sent again after five minutes").hasValue(2);
      assertThat(export(exporter, "fifth").isSuccess()).isTrue();
      assertThat(engine.calls).as("and backing off again").hasValue(2);

      exporter.shutdown().join(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void thePipelineFlushesQuietlyAgainstAnEngineWithoutCollector() throws Exception {
    try (OtlpReceiver engine = OtlpReceiver.withoutCollector()) {
      SpanProcessor pipeline =
          HatchetSpanProcessors.builder(Configs.config(engine.hostPort(), "test")).setClock(TestClock.create()).build();
      SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(pipeline).build();

      provider.get("t").spanBuilder("one").startSpan().end();
      assertThat(provider.forceFlush().join(WAIT.toSeconds(), TimeUnit.SECONDS).isSuccess()).isTrue();
      provider.get("t").spanBuilder("two").startSpan().end();
      assertThat(provider.forceFlush().join(WAIT.toSeconds(), TimeUnit.SECONDS).isSuccess()).isTrue();

      assertThat(engine.calls).hasValue(1);
      provider.shutdown().join(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void otherFailuresAreReportedAndDoNotBackOff() throws Exception {
    String closedPort;
    try (OtlpReceiver gone = OtlpReceiver.collector()) {
      closedPort = gone.hostPort();
    }
    TestClock clock = TestClock.create();
    SpanExporter exporter = new UnimplementedBackoffExporter(OtlpExporters.create(Configs.config(closedPort, "test")), clock);

    assertThat(export(exporter, "a").isSuccess()).as("an unreachable engine is a failure").isFalse();
    assertThat(export(exporter, "b").isSuccess()).as("tried again at once").isFalse();
    exporter.shutdown().join(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
