package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.HatchetException;
import io.hatchet4j.features.EventFilter;
import io.hatchet4j.features.FilterUpdate;
import io.hatchet4j.features.Filters;
import io.hatchet4j.features.Paged;
import io.hatchet4j.workflow.Workflow;
import java.util.List;

/** {@link Filters} over the engine's v1 filter routes. Not public API; thread-safe. */
final class RestFilters implements Filters {
  private static final int PAGE_SIZE = 100;

  private final ClientRuntime runtime;
  private final RestClient rest;
  private final WorkflowLookup workflows;

  RestFilters(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
    this.workflows = new WorkflowLookup(runtime);
  }

  @Override
  public Paged<EventFilter> list() {
    return list(List.of(), List.of());
  }

  @Override
  public Paged<EventFilter> list(List<String> workflowIds, List<String> scopes) {
    RestQuery query = new RestQuery().addAll("workflowIds", workflowIds).addAll("scopes", scopes);
    String path = rest.stableTenantPath("/filters");
    return new LazyPages<>(PAGE_SIZE, (offset, limit) -> RestRows.rows(
        rest.get(path + query.page(offset, limit), "listing filters"), this::filter));
  }

  @Override
  public Paged<EventFilter> list(Workflow<?, ?> workflow) {
    return list(List.of(workflows.id(requireNonNull(workflow, "workflow").name())), List.of());
  }

  @Override
  public EventFilter create(Workflow<?, ?> workflow, String expression, String scope, Object payload) {
    return create(workflows.id(requireNonNull(workflow, "workflow").name()), expression, scope, payload);
  }

  @Override
  public EventFilter create(String workflowId, String expression, String scope, Object payload) {
    ObjectNode body = runtime.mapper().createObjectNode()
        .put("workflowId", requireNonNull(workflowId, "workflowId"))
        .put("expression", requireNonNull(expression, "expression"))
        .put("scope", requireNonNull(scope, "scope"));
    if (payload != null) {
      body.set("payload", object(payload));
    }
    return filter(rest.post(rest.stableTenantPath("/filters"), body, "creating a filter of workflow " + workflowId));
  }

  @Override
  public EventFilter get(String filterId) {
    return filter(rest.get(path(filterId), "reading filter " + filterId));
  }

  @Override
  public EventFilter update(String filterId, FilterUpdate update) {
    requireNonNull(update, "update");
    ObjectNode body = runtime.mapper().createObjectNode();
    update.expression().ifPresent(expression -> body.put("expression", expression));
    update.scope().ifPresent(scope -> body.put("scope", scope));
    update.payload().ifPresent(payload -> body.set("payload", object(payload)));
    return filter(rest.patch(path(filterId), body, "updating filter " + filterId));
  }

  @Override
  public EventFilter delete(String filterId) {
    return filter(rest.delete(path(filterId), "deleting filter " + filterId));
  }

  private String path(String filterId) {
    return rest.stableTenantPath("/filters/" + RestClient.encode(requireNonNull(filterId, "filterId")));
  }

  private JsonNode object(Object payload) {
    try {
      return Json.toObject(runtime.mapper(), payload, "filter payload");
    } catch (IllegalArgumentException e) {
      throw new HatchetException("cannot send the filter payload: " + e.getMessage(), e);
    }
  }

  /** Upstream's {@code V1Filter}. */
  private EventFilter filter(JsonNode row) {
    return new EventFilter(
        RestRows.id(row),
        row.path("workflowId").asText(),
        row.path("scope").asText(),
        row.path("expression").asText(),
        RestRows.payload(row.path("payload"), runtime.mapper()),
        row.path("isDeclarative").asBoolean(false),
        RestRows.time(row.path("metadata").path("createdAt")),
        RestRows.time(row.path("metadata").path("updatedAt")));
  }
}
