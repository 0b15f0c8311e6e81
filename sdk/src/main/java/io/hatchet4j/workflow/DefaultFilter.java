package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An event filter a workflow declares ({@link Workflow.Builder#addDefaultFilter}): registered with
 * the workflow and replaced on its next registration, as the official SDKs' {@code default_filters}.
 * {@link io.hatchet4j.features.EventFilter} says how filters decide which events start runs.
 *
 * @param expression a CEL expression over {@code input}, {@code additional_metadata}, {@code
 *     event_key} and {@code payload}
 * @param scope the events it applies to: those pushed with this scope
 * @param payload serialized as a JSON object at registration, or null for none
 */
public record DefaultFilter(String expression, String scope, Object payload) {

  public DefaultFilter {
    requireNonNull(expression, "expression");
    requireNonNull(scope, "scope");
    if (expression.isBlank()) {
      throw new IllegalArgumentException("filter expression must not be blank");
    }
    if (scope.isBlank()) {
      throw new IllegalArgumentException("filter scope must not be blank");
    }
  }

  public Optional<Object> payloadIfAny() {
    return Optional.ofNullable(payload);
  }
}
