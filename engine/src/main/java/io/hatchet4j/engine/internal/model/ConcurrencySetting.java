package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/** A concurrency rule as registered; stored, not yet enforced. Not public API. */
public record ConcurrencySetting(String expression, @Nullable Integer maxRuns, @Nullable String limitStrategy) {}
