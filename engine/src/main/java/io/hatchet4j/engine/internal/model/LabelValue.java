package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/** A worker label's value: a string, a number or both. Not public API. */
public record LabelValue(@Nullable String stringValue, @Nullable Integer intValue) {}
