/**
 * The engine's traces of its own work, exported over OTLP when {@link
 * io.hatchet4j.engine.SelfTracingOptions} are given: gRPC calls and REST requests served, and
 * scheduler batches. A tracer provider of its own, apart from the tenants' traces the collector
 * stores. Not public API: may change without notice.
 */
package io.hatchet4j.engine.internal.selftrace;
