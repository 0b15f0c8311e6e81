package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.EventFilter;
import io.hatchet4j.engine.internal.model.FilterRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event filters: created over REST or declared by a workflow's registration, and the decision
 * which of a workflow's runs an event starts. Confined to the scheduler thread.
 *
 * <p>As upstream decides: a workflow without any filter runs for every event with its key; a
 * workflow with filters runs once per filter of the event's scope whose expression is true, so an
 * event without a scope, or of a scope without filters, starts none.
 */
final class EventFilters {
  private static final Logger log = LoggerFactory.getLogger(EventFilters.class);

  /** What a filter may be changed to; null fields stay as they are. */
  record Update(@Nullable String expression, @Nullable String scope, @Nullable String payload) {}

  private final EngineStore store;
  private final Effects effects;
  private final Map<String, FilterRecord> byId = new LinkedHashMap<>();

  EventFilters(EngineStore store, Effects effects) {
    this.store = store;
    this.effects = effects;
  }

  void load() {
    store.filters().values().forEach(filter -> byId.put(filter.id(), filter));
  }

  /**
   * Makes the declared filters of a workflow match its newest registration, replacing the
   * declared ones that differ, as upstream does for each new version.
   */
  void syncDeclared(WorkflowVersionRecord version) {
    record Declared(String scope, String expression, String payload) {}
    Set<Declared> wanted = new HashSet<>();
    for (EventFilter f : version.spec().defaultFilters()) {
      wanted.add(new Declared(f.scope(), f.expression(), payloadOrEmpty(f.payload())));
    }
    Set<Declared> present = new HashSet<>();
    List<FilterRecord> declared = filtersOf(version.tenantId(), version.workflowId()).stream()
        .filter(FilterRecord::declarative).toList();
    declared.forEach(f -> present.add(new Declared(f.scope(), f.expression(), f.payload())));
    if (present.equals(wanted) && declared.size() == wanted.size()) {
      return;
    }
    declared.forEach(f -> remove(f.id()));
    long now = effects.nowMs();
    for (EventFilter f : version.spec().defaultFilters()) {
      put(new FilterRecord(Ids.newId(), version.tenantId(), version.workflowId(), f.scope(), f.expression(),
          payloadOrEmpty(f.payload()), true, now, now));
    }
  }

  /**
   * Creates a filter.
   *
   * @throws EngineException INVALID_ARGUMENT for a missing field or a payload that is not an object
   */
  FilterRecord create(String tenantId, String workflowId, String expression, String scope, @Nullable String payload) {
    if (expression.isBlank()) {
      throw EngineException.invalidArgument("expression is required");
    }
    if (scope.isBlank()) {
      throw EngineException.invalidArgument("scope is required");
    }
    long now = effects.nowMs();
    FilterRecord filter = new FilterRecord(Ids.newId(), tenantId, workflowId, scope, expression,
        payload == null ? "{}" : Json.requireObject(payload, "payload"), false, now, now);
    put(filter);
    return filter;
  }

  FilterRecord get(String tenantId, String id) {
    FilterRecord filter = byId.get(Ids.require(id, "filter id"));
    if (filter == null || !filter.tenantId().equals(tenantId)) {
      throw EngineException.notFound("filter " + id + " not found");
    }
    return filter;
  }

  FilterRecord update(String tenantId, String id, Update update) {
    FilterRecord old = get(tenantId, id);
    if (update.scope() != null && update.scope().isBlank()) {
      throw EngineException.invalidArgument("scope must not be empty");
    }
    FilterRecord updated = new FilterRecord(old.id(), old.tenantId(), old.workflowId(),
        update.scope() != null ? update.scope() : old.scope(),
        update.expression() != null ? update.expression() : old.expression(),
        update.payload() != null ? Json.requireObject(update.payload(), "payload") : old.payload(),
        old.declarative(), old.createdAtMs(), effects.nowMs());
    put(updated);
    return updated;
  }

  FilterRecord delete(String tenantId, String id) {
    FilterRecord filter = get(tenantId, id);
    remove(filter.id());
    return filter;
  }

  /** The tenant's filters of these workflows and scopes (empty: any), newest first. */
  List<FilterRecord> list(String tenantId, Collection<String> workflowIds, Collection<String> scopes) {
    return byId.values().stream()
        .filter(f -> f.tenantId().equals(tenantId))
        .filter(f -> workflowIds.isEmpty() || workflowIds.contains(f.workflowId()))
        .filter(f -> scopes.isEmpty() || scopes.contains(f.scope()))
        .sorted(Comparator.comparingLong(FilterRecord::createdAtMs).reversed().thenComparing(FilterRecord::id))
        .toList();
  }

  /** Removes the filters of a deleted workflow. */
  void removeWorkflow(String tenantId, String workflowId) {
    filtersOf(tenantId, workflowId).forEach(f -> remove(f.id()));
  }

  /**
   * The runs an event starts of one workflow: one per passing filter, each with that filter's
   * payload, or one without a payload when the workflow has no filters at all.
   */
  List<String> runsFor(WorkflowVersionRecord version, String eventId, EventSpec event, String payload, String metadata) {
    List<FilterRecord> filters = filtersOf(version.tenantId(), version.workflowId());
    if (filters.isEmpty()) {
      return Collections.singletonList(null);
    }
    List<String> payloads = new ArrayList<>();
    if (event.scope() == null || event.scope().isBlank()) {
      return payloads;
    }
    JsonNode input = Json.parseTrusted(payload);
    JsonNode meta = Json.parseTrusted(metadata);
    for (FilterRecord filter : filters) {
      if (!filter.scope().equals(event.scope()) || filter.expression().isBlank()) {
        continue;
      }
      Map<String, JsonNode> variables = Map.of("input", input, "payload", Json.parseTrusted(filter.payload()),
          "additional_metadata", meta, "event_key", Json.mapper().getNodeFactory().textNode(event.key()),
          "event_id", Json.mapper().getNodeFactory().textNode(eventId));
      try {
        if (CelExpression.compile(filter.expression(), CelExpression.EVENT_VARIABLES).matches(variables)) {
          payloads.add(filter.payload());
        }
      } catch (EngineException e) {
        // As upstream: an expression that cannot be evaluated does not start the run.
        log.warn("event filter {} of workflow {} cannot be evaluated: {}", filter.id(), version.name(), e.getMessage());
      }
    }
    return payloads;
  }

  private List<FilterRecord> filtersOf(String tenantId, String workflowId) {
    return byId.values().stream()
        .filter(f -> f.tenantId().equals(tenantId) && f.workflowId().equals(workflowId))
        .toList();
  }

  private void put(FilterRecord filter) {
    byId.put(filter.id(), filter);
    store.filters().put(filter.id(), filter);
  }

  private void remove(String id) {
    byId.remove(id);
    store.filters().remove(id);
  }

  private static String payloadOrEmpty(@Nullable String payload) {
    return payload == null || payload.isBlank() ? "{}" : payload;
  }
}
