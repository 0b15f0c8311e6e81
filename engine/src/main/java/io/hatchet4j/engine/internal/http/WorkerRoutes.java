package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.WorkerView;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Upstream's worker routes ({@code Worker}): get, pause or resume ({@code PATCH {"isPaused"}}, what
 * the official SDKs send before shutting down) and the tenant's list. A paused worker keeps its
 * tasks but is assigned no new ones.
 */
final class WorkerRoutes {
  private final Orchestrator orchestrator;

  private WorkerRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    WorkerRoutes routes = new WorkerRoutes(orchestrator);
    router
        .authenticated("GET", "/api/v1/workers/{worker}", routes::get)
        .authenticated("PATCH", "/api/v1/workers/{worker}", routes::update)
        .authenticated("GET", "/api/v1/tenants/{tenant}/worker", routes::list);
  }

  private HttpResponse get(HttpRequest request) throws Exception {
    return HttpResponse.ok(json(Rest.await(orchestrator.worker(request.requireTenantId(), request.pathParams().get("worker")))));
  }

  private HttpResponse update(HttpRequest request) throws Exception {
    JsonNode paused = Rest.body(request).get("isPaused");
    String tenantId = request.requireTenantId();
    String workerId = request.pathParams().get("worker");
    if (paused == null || paused.isNull()) {
      return HttpResponse.ok(json(Rest.await(orchestrator.worker(tenantId, workerId))));
    }
    if (!paused.isBoolean()) {
      throw EngineException.invalidArgument("isPaused must be a boolean");
    }
    return HttpResponse.ok(json(Rest.await(orchestrator.pauseWorker(tenantId, workerId, paused.booleanValue()))));
  }

  private HttpResponse list(HttpRequest request) throws Exception {
    return HttpResponse.ok(Rest.page(request, Rest.await(orchestrator.workers(request.requireTenantId())), WorkerRoutes::json));
  }

  private static ObjectNode json(WorkerView worker) {
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(worker.id(), worker.registeredAtMs(), worker.lastSeenMs()));
    node.put("name", worker.name())
        .put("type", "SELFHOSTED")
        .put("status", worker.status())
        .put("lastHeartbeatAt", Rest.time(worker.lastSeenMs()));
    ArrayNode actions = node.putArray("actions");
    worker.actions().forEach(actions::add);
    int slots = worker.slotConfig().getOrDefault("default", 0);
    node.put("maxRuns", slots)
        .put("availableRuns", Math.max(0, slots - worker.usedSlots().getOrDefault("default", 0)));
    ObjectNode slotConfig = node.putObject("slotConfig");
    worker.slotConfig().forEach((type, units) -> slotConfig.putObject(type)
        .put("limit", units)
        .put("available", Math.max(0, units - worker.usedSlots().getOrDefault(type, 0))));
    ArrayNode labels = node.putArray("labels");
    worker.labels().forEach((key, value) -> {
      ObjectNode label = labels.addObject();
      String labelId = UUID.nameUUIDFromBytes((worker.id() + "/" + key).getBytes(StandardCharsets.UTF_8)).toString();
      label.set("metadata", Rest.meta(labelId, worker.registeredAtMs(), worker.lastSeenMs()));
      label.put("key", key);
      if (value.stringValue() != null) {
        label.put("value", value.stringValue());
      } else if (value.intValue() != null) {
        label.put("value", String.valueOf(value.intValue()));
      }
    });
    return node;
  }
}
