package io.hatchet4j.features;

import java.time.Instant;

/**
 * An event filter of a workflow (upstream's {@code V1Filter}): which events of a scope start its
 * runs.
 *
 * <p>A workflow without filters runs for every event with its key. A workflow with filters runs
 * once per filter of the event's scope whose CEL {@code expression} is true (over {@code input},
 * the event payload, {@code additional_metadata}, {@code event_key} and {@code payload}, this
 * filter's payload); an event without a scope, or of a scope without filters, starts none.
 *
 * @param declarative whether the workflow's definition declared it ({@link
 *     io.hatchet4j.workflow.Workflow.Builder#addDefaultFilter}); the next registration replaces
 *     declared filters
 */
public record EventFilter(
    String id,
    String workflowId,
    String scope,
    String expression,
    Payload payload,
    boolean declarative,
    Instant createdAt,
    Instant updatedAt) {}
