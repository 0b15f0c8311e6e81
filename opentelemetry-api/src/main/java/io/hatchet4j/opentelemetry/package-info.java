/**
 * OpenTelemetry instrumentation for hatchet4j. On the OpenTelemetry API alone, start with {@link
 * io.hatchet4j.opentelemetry.HatchetTelemetry}; with the SDK and an export pipeline of its own (the
 * {@code hatchet4j-opentelemetry} artifact), with {@code HatchetInstrumentor}.
 */
package io.hatchet4j.opentelemetry;
