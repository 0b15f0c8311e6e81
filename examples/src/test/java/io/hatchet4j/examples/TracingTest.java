package io.hatchet4j.examples;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.Hatchet;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import io.hatchet4j.worker.WorkerOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@HatchetTest
class TracingTest {
  @Test
  void checkoutTriggerTasksCustomSpanAndChildFormOneTrace(HatchetTestEnvironment env) throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(io.hatchet4j.opentelemetry.HatchetAttributeSpanProcessor.create())
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    HatchetInstrumentor instrumentor = HatchetInstrumentor.builder().setTracerProvider(provider).build();
    Hatchet hatchet = env.newClient(instrumentor);
    Tracing.useTracing(instrumentor);
    hatchet.newWorker(WorkerOptions.builder().setName("tracing").setSlots(4).build())
        .register(Tracing.CHECKOUT)
        .register(Tracing.CHARGE)
        .start();

    Tracing.Receipt receipt = hatchet.run(Tracing.CHECKOUT, new Tracing.Cart("ada", 2));
    assertThat(receipt).isEqualTo(new Tracing.Receipt("ada", 2500, "pay-ada-2500"));

    List<SpanData> finished = awaitSpans(spans, 5);
    SpanData trigger = named(finished, "hatchet.run_workflow", "checkout");
    SpanData checkout = consumer(finished, "checkout");
    SpanData load = named(finished, "load-cart", null);
    SpanData childTrigger = named(finished, "hatchet.run_workflow", "charge-card");
    SpanData charge = consumer(finished, "charge-card");

    assertThat(finished.stream().map(SpanData::getTraceId).distinct()).hasSize(1);
    assertThat(trigger).hasKind(SpanKind.PRODUCER).hasNoParent();
    assertThat(checkout).hasKind(SpanKind.CONSUMER).hasParent(trigger);
    assertThat(load).hasParent(checkout)
        .hasAttribute(AttributeKey.stringKey("hatchet.step_run_id"), checkout.getAttributes().get(AttributeKey.stringKey("hatchet.step_run_id")));
    assertThat(childTrigger).hasParent(checkout);
    assertThat(charge).hasParent(childTrigger);
    instrumentor.close();
  }

  private static List<SpanData> awaitSpans(InMemorySpanExporter spans, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (spans.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return spans.getFinishedSpanItems();
  }

  private static SpanData named(List<SpanData> spans, String name, String workflow) {
    List<SpanData> matching =
        spans.stream()
            .filter(span -> span.getName().equals(name))
            .filter(span -> workflow == null || workflow.equals(span.getAttributes().get(AttributeKey.stringKey("hatchet.workflow_name"))))
            .collect(Collectors.toList());
    assertThat(matching).as("span %s %s among %s", name, workflow, spans).hasSize(1);
    return matching.get(0);
  }

  private static SpanData consumer(List<SpanData> spans, String task) {
    List<SpanData> matching =
        spans.stream()
            .filter(span -> span.getName().equals("hatchet.start_step_run"))
            .filter(span -> task.equals(span.getAttributes().get(AttributeKey.stringKey("hatchet.step_name"))))
            .collect(Collectors.toList());
    assertThat(matching).as("task span of %s", task).hasSize(1);
    return matching.get(0);
  }
}
