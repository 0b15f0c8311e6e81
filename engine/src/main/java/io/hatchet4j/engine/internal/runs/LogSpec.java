package io.hatchet4j.engine.internal.runs;

import javax.annotation.Nullable;

/** A log line from a task. Not public API. */
public record LogSpec(
    String taskRunId,
    @Nullable Long createdAtMs,
    String message,
    @Nullable String level,
    String metadata,
    @Nullable Integer retryCount) {}
