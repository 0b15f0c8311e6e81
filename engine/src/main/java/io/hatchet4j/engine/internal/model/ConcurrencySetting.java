package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/** A concurrency rule as registered, enforced by the scheduler's concurrency gate. Not public API. */
public record ConcurrencySetting(String expression, @Nullable Integer maxRuns, @Nullable String limitStrategy) {}
