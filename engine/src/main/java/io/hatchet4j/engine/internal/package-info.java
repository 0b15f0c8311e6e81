/** Shared helpers of the engine's internals. Not public API: may change without notice. */
package io.hatchet4j.engine.internal;
