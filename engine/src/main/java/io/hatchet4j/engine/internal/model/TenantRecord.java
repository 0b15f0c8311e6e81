package io.hatchet4j.engine.internal.model;

/** A tenant. Not public API. */
public record TenantRecord(String id, String name, long createdAtMs) {}
