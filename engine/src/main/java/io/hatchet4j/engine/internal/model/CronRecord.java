package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * A cron trigger: declared by a workflow's registration ({@code DEFAULT}) or created over REST
 * ({@code API}). Not public API.
 *
 * @param expression a {@link io.hatchet4j.engine.internal.CronExpression} in UTC
 * @param input the input of every run it starts, a JSON object
 * @param additionalMetadata a JSON object
 */
public record CronRecord(
    String id,
    String tenantId,
    String workflowName,
    String workflowId,
    String name,
    String expression,
    String input,
    String additionalMetadata,
    @Nullable Integer priority,
    boolean enabled,
    String method,
    long createdAtMs,
    long updatedAtMs) {}
