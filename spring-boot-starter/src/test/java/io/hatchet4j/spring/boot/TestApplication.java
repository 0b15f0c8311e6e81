package io.hatchet4j.spring.boot;

import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.Workflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/** A small application: one Workflow bean, two {@link HatchetTask} methods, Micrometer and OpenTelemetry. */
@SpringBootApplication
public class TestApplication {

  public record Person(String name) {}

  public record Greeting(String text) {}

  @Bean
  public Workflow<Person, Greeting> greet() {
    return Workflow.standalone(
        Task.builder("greet", Person.class, Greeting.class)
            .setHandler((person, ctx) -> new Greeting("Hello, " + person.name()))
            .build());
  }

  @Bean
  public MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  public InMemorySpanExporter spanExporter() {
    return InMemorySpanExporter.create();
  }

  @Bean(destroyMethod = "close")
  public OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
  }

  /** Tasks as annotated methods of an ordinary bean. */
  @Component
  public static class Shouter {

    @HatchetTask(name = "shout", retries = 1)
    public Greeting shout(Person person, TaskContext context) {
      return new Greeting(person.name().toUpperCase() + "!");
    }

    @HatchetTask(name = "whisper")
    public CompletionStage<Greeting> whisper(Person person) {
      return CompletableFuture.supplyAsync(() -> new Greeting(person.name().toLowerCase() + "..."));
    }
  }

}
