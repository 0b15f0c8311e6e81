/**
 * Where the engine's state is written through: in memory, or an H2 MVStore file that survives a
 * restart. Not public API: may change without notice.
 */
package io.hatchet4j.engine.internal.store;
