/**
 * Spans of run traces: their storage (in memory, optionally written through to an MVStore file),
 * the engine's own spans of each run's lifecycle, and the deterministic ids those spans share with
 * upstream Hatchet. Not public API: may change without notice.
 *
 * <p>Every span belongs to one tenant; nothing in this package lets a tenant see another's spans.
 */
package io.hatchet4j.engine.internal.traces;
