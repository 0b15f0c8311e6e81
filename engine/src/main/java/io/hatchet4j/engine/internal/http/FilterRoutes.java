package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.FilterRecord;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Upstream's v1 event filter routes ({@code V1Filter}, {@code V1FilterList}): list, create, get,
 * update and delete. Filters decide which events of a scope start a workflow's runs.
 */
final class FilterRoutes {
  /** Upstream's page size when the query names none. */
  private static final int DEFAULT_LIMIT = 20_000;
  private static final String BASE = "/api/v1/stable/tenants/{tenant}/filters";

  private final Orchestrator orchestrator;

  private FilterRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    FilterRoutes routes = new FilterRoutes(orchestrator);
    router
        .authenticated("GET", BASE, routes::list)
        .authenticated("POST", BASE, routes::create)
        .authenticated("GET", BASE + "/{filter}", routes::get)
        .authenticated("PATCH", BASE + "/{filter}", routes::update)
        .authenticated("DELETE", BASE + "/{filter}", routes::delete);
  }

  private HttpResponse list(HttpRequest request) throws Exception {
    Set<String> workflowIds = new LinkedHashSet<>();
    for (String id : Rest.listParam(request, "workflowIds")) {
      workflowIds.add(Ids.require(id, "workflowIds"));
    }
    Set<String> scopes = new LinkedHashSet<>(Rest.listParam(request, "scopes"));
    List<FilterRecord> filters = Rest.await(orchestrator.filters(request.requireTenantId(), workflowIds, scopes));
    int offset = Rest.intParam(request, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Rest.intParam(request, "limit", DEFAULT_LIMIT, 1, DEFAULT_LIMIT);
    ObjectNode body = Json.newObject();
    ArrayNode rows = body.putArray("rows");
    filters.stream().skip(offset).limit(limit).forEach(filter -> rows.add(json(filter)));
    body.set("pagination", RunRoutes.pagination(offset, limit, filters.size()));
    return HttpResponse.ok(body);
  }

  /** {@code V1CreateFilterRequest}: {@code workflowId}, {@code expression} and {@code scope} required. */
  private HttpResponse create(HttpRequest request) throws Exception {
    ObjectNode body = Rest.body(request);
    String workflowId = Ids.canonicalOrNull(text(body, "workflowId"));
    if (workflowId == null) {
      throw EngineException.invalidArgument("workflow id is not a valid uuid");
    }
    String expression = Rest.requiredText(body, "expression");
    String scope = Rest.requiredText(body, "scope");
    FilterRecord filter = Rest.await(orchestrator.createFilter(request.requireTenantId(), workflowId, expression, scope,
        Rest.objectText(body, "payload")));
    return HttpResponse.ok(json(filter));
  }

  private HttpResponse get(HttpRequest request) throws Exception {
    return HttpResponse.ok(json(Rest.await(orchestrator.filter(request.requireTenantId(), id(request)))));
  }

  /** {@code V1UpdateFilterRequest}: the fields given change, the others stay. */
  private HttpResponse update(HttpRequest request) throws Exception {
    ObjectNode body = Rest.body(request);
    FilterRecord filter = Rest.await(orchestrator.updateFilter(request.requireTenantId(), id(request),
        text(body, "expression"), text(body, "scope"), Rest.objectText(body, "payload")));
    return HttpResponse.ok(json(filter));
  }

  /** Answers the deleted filter, as upstream does. */
  private HttpResponse delete(HttpRequest request) throws Exception {
    return HttpResponse.ok(json(Rest.await(orchestrator.deleteFilter(request.requireTenantId(), id(request)))));
  }

  private static String id(HttpRequest request) {
    return Ids.require(request.pathParams().get("filter"), "filter id");
  }

  @Nullable
  private static String text(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw EngineException.invalidArgument(field + " must be a string");
    }
    return value.textValue();
  }

  /** Upstream's {@code V1Filter}. */
  static ObjectNode json(FilterRecord filter) {
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(filter.id(), filter.createdAtMs(), filter.updatedAtMs()));
    node.put("tenantId", filter.tenantId())
        .put("workflowId", filter.workflowId())
        .put("scope", filter.scope())
        .put("expression", filter.expression())
        .put("isDeclarative", filter.declarative());
    node.set("payload", Rest.object(filter.payload()));
    return node;
  }
}
