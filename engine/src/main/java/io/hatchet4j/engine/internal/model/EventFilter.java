package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * A workflow's filter for events of one scope, as registered ({@code default_filters}). Not public
 * API.
 *
 * @param expression a CEL expression over {@code input} (the event payload) and {@code payload}
 *     (this filter's payload)
 * @param payload a JSON object, or null
 */
public record EventFilter(String expression, String scope, @Nullable String payload) {}
