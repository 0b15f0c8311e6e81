package io.hatchet4j.features;

import io.hatchet4j.workflow.Workflow;
import java.util.List;

/**
 * The tenant's event filters: create, list, read, update and delete; from {@link
 * io.hatchet4j.Hatchet#filters()}. Thread-safe; calls block. {@link EventFilter} says how filters
 * decide which events start runs.
 *
 * <pre>{@code
 * EventFilter filter = hatchet.filters().create(orders, "input.amount > payload.min", "shop-1", Map.of("min", 100));
 * hatchet.push("order:placed", new Order(500), PushOptions.builder().setScope("shop-1").build());
 * }</pre>
 */
public interface Filters {

  /** Every filter of the tenant, newest first, fetched page by page. */
  Paged<EventFilter> list();

  /** The filters of these workflows (by engine id) and scopes; empty lists select any. */
  Paged<EventFilter> list(List<String> workflowIds, List<String> scopes);

  /** The filters of a registered workflow. */
  Paged<EventFilter> list(Workflow<?, ?> workflow);

  /**
   * Creates a filter of a registered workflow.
   *
   * @param payload serialized as a JSON object, or null for none; the expression sees it as {@code payload}
   */
  EventFilter create(Workflow<?, ?> workflow, String expression, String scope, Object payload);

  /** Creates a filter of a workflow by its engine id. */
  EventFilter create(String workflowId, String expression, String scope, Object payload);

  /**
   * A filter by id.
   *
   * @throws io.hatchet4j.EngineException NOT_FOUND for an unknown id
   */
  EventFilter get(String filterId);

  /** Changes a filter; returns it as changed. */
  EventFilter update(String filterId, FilterUpdate update);

  /** Deletes a filter; returns it as it was. */
  EventFilter delete(String filterId);
}
