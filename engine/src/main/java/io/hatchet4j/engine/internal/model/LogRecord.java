package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/** A log line a task sent with {@code PutLog}. Not public API. */
public record LogRecord(
    String taskRunId,
    String tenantId,
    long createdAtMs,
    String message,
    @Nullable String level,
    String metadata,
    @Nullable Integer retryCount) {}
