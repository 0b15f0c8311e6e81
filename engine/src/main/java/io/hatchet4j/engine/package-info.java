/**
 * An embedded, Hatchet-compatible engine for development and tests.
 *
 * <p>{@link io.hatchet4j.engine.HatchetEngine} runs the gRPC protocol of the Hatchet engine in this
 * JVM, so the hatchet4j SDK and the official Python and TypeScript SDKs work against it unchanged.
 * {@link io.hatchet4j.engine.Main} runs the same engine from the command line. Its time comes from
 * an {@link io.hatchet4j.engine.EngineClock}: the wall clock, or a {@link
 * io.hatchet4j.engine.VirtualClock} that tests move by hand. Everything under
 * {@code io.hatchet4j.engine.internal} is not public API.
 *
 * <p>Parameters and return values are non-null unless marked {@code @Nullable}.
 */
package io.hatchet4j.engine;
