package io.hatchet4j.engine.internal.model;

/**
 * An event filter of a workflow: which events of a scope may start its runs. Created over REST or
 * declared by the workflow's registration ({@code default_filters}, {@code declarative}). Not public
 * API.
 *
 * @param expression a CEL expression over the event ({@code input}, {@code additional_metadata},
 *     {@code event_key}, {@code event_id}) and this filter's {@code payload}
 * @param payload a JSON object
 * @param declarative whether the workflow's registration declared it; the next registration
 *     replaces the declared ones
 */
public record FilterRecord(
    String id,
    String tenantId,
    String workflowId,
    String scope,
    String expression,
    String payload,
    boolean declarative,
    long createdAtMs,
    long updatedAtMs) {}
