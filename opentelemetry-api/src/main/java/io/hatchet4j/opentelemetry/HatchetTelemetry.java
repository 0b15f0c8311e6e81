package io.hatchet4j.opentelemetry;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.interceptor.HatchetInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * OpenTelemetry instrumentation of hatchet4j on the OpenTelemetry API alone, for an application that
 * owns its OpenTelemetry (the Java agent, the Spring Boot starter, SDK autoconfigure, or its own
 * SDK): spans for every trigger, schedule, event push, task run, cancellation and durable wait,
 * metrics of tasks and triggers, and task log lines as log records, all through the given instance.
 *
 * <pre>{@code
 * HatchetTelemetry telemetry = HatchetTelemetry.create(openTelemetry);
 * Hatchet hatchet = Hatchet.builder().addInterceptor(telemetry.newInterceptor()).build();
 * }</pre>
 *
 * <p>Spans go to the instance's tracer provider, metrics to its meter provider, log records to its
 * logs bridge; nothing is exported here, and nothing is shut down. Trace context is written into
 * each run's metadata as W3C {@code traceparent}, which workers in every language read, together
 * with whatever the instance's propagators add (for example {@code baggage}); it is read back the
 * same way on workers.
 *
 * <p>Thread-safe. Instrumentation never fails a call: should it break, the call proceeds untraced.
 */
public final class HatchetTelemetry {

  /** The instrumentation scope name of spans, metrics and log records. */
  public static final String INSTRUMENTATION_NAME = "io.hatchet4j.opentelemetry";

  private final Instrumentation instrumentation;
  private final Tracer tracer;

  HatchetTelemetry(Instrumentation instrumentation, Tracer tracer) {
    this.instrumentation = instrumentation;
    this.tracer = tracer;
  }

  /** Instrumentation with the defaults, through {@code openTelemetry}. */
  public static HatchetTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** A builder for instrumentation through {@code openTelemetry}. */
  public static HatchetTelemetryBuilder builder(OpenTelemetry openTelemetry) {
    return new HatchetTelemetryBuilder(requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * A new interceptor to add to a client with {@link io.hatchet4j.Hatchet.Builder#addInterceptor};
   * the client and every worker it creates are instrumented. One interceptor per client.
   */
  public HatchetInterceptor newInterceptor() {
    Tracer current = tracer;
    return new TracingInterceptor(instrumentation, () -> current);
  }

  @Override
  public String toString() {
    return "HatchetTelemetry{" + instrumentation.options() + "}";
  }

  /** Version of the instrumentation, recorded as the scope version. */
  static String version() {
    return Versions.MODULE;
  }
}
