/**
 * OpenTelemetry tracing for hatchet4j. Start with {@link io.hatchet4j.opentelemetry.HatchetInstrumentor}.
 */
package io.hatchet4j.opentelemetry;
