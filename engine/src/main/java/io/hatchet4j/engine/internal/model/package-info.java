/**
 * The engine's persisted values: immutable records written through the store on every change.
 * Not public API: may change without notice.
 *
 * <p>Times are epoch milliseconds so the records serialize without extra JSON modules.
 */
package io.hatchet4j.engine.internal.model;
