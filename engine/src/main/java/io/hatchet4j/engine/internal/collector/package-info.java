/**
 * The engine's OpenTelemetry trace collector: OTLP {@code TraceService/Export} over gRPC on the
 * engine's gRPC port and over HTTP ({@code POST /v1/traces}) on its HTTP port, the conversion of
 * OTLP spans into stored spans correlated with task runs, optional forwarding to another OTLP
 * endpoint, and a benchmark. Not public API: may change without notice.
 */
package io.hatchet4j.engine.internal.collector;
