package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RateLimitRecord;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Upstream's rate-limit list ({@code RateLimitList}): the tenant's limits, searched by key,
 * ordered by {@code key}, {@code value} or {@code limitValue}, with windows that have run out shown
 * refilled.
 */
final class RateLimitRoutes {
  private final Orchestrator orchestrator;

  private RateLimitRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    RateLimitRoutes routes = new RateLimitRoutes(orchestrator);
    router.authenticated("GET", "/api/v1/tenants/{tenant}/rate-limits", routes::list);
  }

  private HttpResponse list(HttpRequest request) throws Exception {
    List<RateLimitRecord> all = new ArrayList<>(Rest.await(orchestrator.rateLimits(request.requireTenantId())));
    String search = request.queryParam("search").orElse("");
    all.removeIf(limit -> !limit.key().contains(search));
    all.sort(order(request.queryParam("orderByField").orElse("key"),
        request.queryParam("orderByDirection").orElse("asc")));
    return HttpResponse.ok(Rest.page(request, all, RateLimitRoutes::json));
  }

  private static Comparator<RateLimitRecord> order(String field, String direction) {
    Comparator<RateLimitRecord> order = switch (field) {
      case "key" -> Comparator.comparing(RateLimitRecord::key);
      case "value" -> Comparator.comparingInt(RateLimitRecord::value);
      case "limitValue" -> Comparator.comparingInt(RateLimitRecord::limitValue);
      default -> throw EngineException.invalidArgument("invalid orderByField: " + field);
    };
    return switch (direction.toLowerCase(Locale.ROOT)) {
      case "asc" -> order;
      case "desc" -> order.reversed();
      default -> throw EngineException.invalidArgument("invalid orderByDirection: " + direction);
    };
  }

  private static ObjectNode json(RateLimitRecord limit) {
    return Json.newObject()
        .put("key", limit.key())
        .put("tenantId", limit.tenantId())
        .put("limitValue", limit.limitValue())
        .put("value", limit.value())
        .put("window", "1 " + limit.window().toLowerCase(Locale.ROOT))
        .put("lastRefill", Rest.time(limit.lastRefillMs()));
  }
}
