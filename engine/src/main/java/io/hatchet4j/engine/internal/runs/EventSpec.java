package io.hatchet4j.engine.internal.runs;

import javax.annotation.Nullable;

/**
 * A user event to store and fan out to the workflows it triggers. Not public API.
 *
 * @param payload JSON object text
 * @param additionalMetadata JSON object text, or null
 */
public record EventSpec(
    String key,
    @Nullable String payload,
    @Nullable String additionalMetadata,
    @Nullable Integer priority,
    @Nullable String scope) {}
