package io.hatchet4j.opentelemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link HatchetTelemetry} on an application's OpenTelemetrySdk, with a real client, worker and
 * embedded engine: the real task context's log lines become log records of the task's span, and
 * the run is measured from trigger to task.
 */
class TelemetryEndToEndTest {

  record Order(String id) {}

  record Receipt(String orderId) {}

  private static final Workflow<Order, Receipt> CHARGE =
      Workflow.standalone(
          Task.builder("charge", Order.class, Receipt.class)
              .setHandler(
                  (order, ctx) -> {
                    ctx.log("charging " + order.id());
                    return new Receipt(order.id());
                  })
              .build());

  @Test
  void aRealRunIsTracedMeasuredAndItsLogLinesAreRecords() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    try (OpenTelemetrySdk openTelemetry =
            OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
        Hatchet hatchet =
            Hatchet.builder()
                .setToken(engine.token())
                .setHostPort(engine.grpcTarget())
                .setTlsStrategy(TlsStrategy.NONE)
                .setEnvironment(Map.of())
                .addInterceptor(HatchetTelemetry.create(openTelemetry).newInterceptor())
                .build();
        Worker worker =
            hatchet.newWorker(WorkerOptions.builder().setName("telemetry-e2e").setSlots(2).setShutdownTimeout(Duration.ofSeconds(5)).build())) {
      worker.register(CHARGE).start();

      RunRef<Receipt> run = hatchet.runNoWait(CHARGE, new Order("o-1"));
      assertThat(run.await().orderId()).isEqualTo("o-1");

      // The task's span ends, and its record and metrics are written, before the worker reports
      // the result that await() returned.
      List<SpanData> finished = spans.getFinishedSpanItems();
      SpanData task = finished.stream().filter(s -> s.getName().equals("hatchet.start_step_run")).findFirst().orElseThrow();
      SpanData trigger = finished.stream().filter(s -> s.getName().equals("hatchet.run_workflow")).findFirst().orElseThrow();
      assertThat(task).hasParentSpanId(trigger.getSpanId());

      List<LogRecordData> records = logs.getFinishedLogRecordItems();
      assertThat(records).extracting(r -> r.getBodyValue().asString()).containsExactly("charging o-1");
      assertThat(records.get(0).getSpanContext().getSpanId()).isEqualTo(task.getSpanId());
      assertThat(records.get(0).getSpanContext().getTraceId()).isEqualTo(trigger.getTraceId());
      assertThat(records.get(0).getAttributes().get(AttributeKey.stringKey("hatchet.workflow_run_id"))).isEqualTo(run.runId());

      Map<String, MetricData> byName = metrics.collectAllMetrics().stream().collect(Collectors.toMap(MetricData::getName, m -> m));
      assertThat(byName.get("hatchet.task.attempts")).hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(p -> p.hasValue(1)));
      assertThat(byName.get("hatchet.task.queue_wait")).hasHistogramSatisfying(h -> h.hasPointsSatisfying(p -> p.hasCount(1)));
      assertThat(byName.get("messaging.process.duration")).hasHistogramSatisfying(h -> h.hasPointsSatisfying(p -> p.hasCount(1)));
      assertThat(byName.get("hatchet.task.active")).hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(p -> p.hasValue(0)));
      assertThat(byName.get("messaging.client.sent.messages")).hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(p -> p.hasValue(1)));
    }
  }
}
