/**
 * Export plumbing of the Hatchet pipeline. Not public API: anything here may change or vanish in
 * any release, and no other module may use it.
 */
package io.hatchet4j.opentelemetry.internal;
