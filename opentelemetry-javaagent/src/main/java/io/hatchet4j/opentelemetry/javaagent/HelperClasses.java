package io.hatchet4j.opentelemetry.javaagent;

import java.util.List;

/**
 * The classes injected into the application's class loader: the instrumentation of {@code
 * hatchet4j-opentelemetry-api} and the advice's entry point. Supertypes before the types that
 * extend them. {@code HelperClassesTest} checks the list against the artifact's classes.
 */
final class HelperClasses {
  static final List<String> NAMES =
      List.of(
          // Interfaces implemented within the list.
          "io.hatchet4j.opentelemetry.TracingInterceptor$TracerSource",
          "io.hatchet4j.opentelemetry.TracingInterceptor$Traced",
          "io.hatchet4j.opentelemetry.TriggerSpans$Call",
          "io.hatchet4j.opentelemetry.HatchetSpanNameExtractor",
          "io.hatchet4j.opentelemetry.HatchetAttributesExtractor",
          "io.hatchet4j.opentelemetry.HatchetSpanStatusExtractor",
          "io.hatchet4j.opentelemetry.AttributeWriter",
          "io.hatchet4j.opentelemetry.HatchetAttribute",
          "io.hatchet4j.opentelemetry.HatchetAttribute$Type",
          "io.hatchet4j.opentelemetry.HatchetOperation",
          "io.hatchet4j.opentelemetry.HatchetRequest",
          "io.hatchet4j.opentelemetry.HatchetSpanStatus",
          "io.hatchet4j.opentelemetry.HatchetTelemetry",
          "io.hatchet4j.opentelemetry.HatchetTelemetryBuilder",
          "io.hatchet4j.opentelemetry.Instrumentation",
          "io.hatchet4j.opentelemetry.MdcScope",
          "io.hatchet4j.opentelemetry.Metrics",
          "io.hatchet4j.opentelemetry.Options",
          "io.hatchet4j.opentelemetry.SpanKeys",
          "io.hatchet4j.opentelemetry.Spans",
          "io.hatchet4j.opentelemetry.TaskLogs",
          "io.hatchet4j.opentelemetry.TaskLogs$ProxyConstructors",
          "io.hatchet4j.opentelemetry.TaskScope",
          "io.hatchet4j.opentelemetry.TaskSpans",
          "io.hatchet4j.opentelemetry.TraceContext",
          "io.hatchet4j.opentelemetry.TraceContext$1",
          "io.hatchet4j.opentelemetry.TracingInterceptor",
          "io.hatchet4j.opentelemetry.TriggerSpans",
          "io.hatchet4j.opentelemetry.TriggerSpans$Bulk",
          "io.hatchet4j.opentelemetry.TriggerSpans$BulkKind",
          "io.hatchet4j.opentelemetry.Versions",
          "io.hatchet4j.opentelemetry.javaagent.HatchetAgentSupport");

  private HelperClasses() {}
}
