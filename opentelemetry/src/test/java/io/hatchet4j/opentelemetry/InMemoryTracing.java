package io.hatchet4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A provider that keeps its spans in memory, enriched by the attribute processor, and instrumentors on it. */
final class InMemoryTracing implements AutoCloseable {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(HatchetAttributeSpanProcessor.create())
          .addSpanProcessor(SimpleSpanProcessor.create(exporter))
          .build();

  /** An instrumentor on this provider, with no environment, and {@code options} applied. */
  HatchetInstrumentor instrumentor(UnaryOperator<HatchetInstrumentor.Builder> options) {
    return options.apply(HatchetInstrumentor.builder().setTracerProvider(provider).setEnvironment(Map.of())).build();
  }

  HatchetInstrumentor instrumentor() {
    return instrumentor(builder -> builder);
  }

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /** The one finished span called {@code name}. */
  SpanData span(String name) {
    List<SpanData> named = spans().stream().filter(span -> span.getName().equals(name)).toList();
    assertThat(named).as("finished spans named %s among %s", name, spans()).hasSize(1);
    return named.get(0);
  }

  @Override
  public void close() {
    provider.close();
  }
}
