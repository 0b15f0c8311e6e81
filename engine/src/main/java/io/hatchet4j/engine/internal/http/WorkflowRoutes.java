package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.runs.Orchestrator;

/**
 * Upstream's routes on one workflow besides reading it: delete (upstream soft-deletes: the
 * workflow is no longer listed or triggered, its runs stay), its version ({@code WorkflowVersion}),
 * and the update that pauses it, which this engine refuses.
 */
final class WorkflowRoutes {
  /** What the refusal of a workflow pause says; engine/README.md lists it. */
  static final String PAUSE_UNSUPPORTED = "pausing a workflow is not supported by the hatchet4j engine";

  private final Orchestrator orchestrator;

  private WorkflowRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    WorkflowRoutes routes = new WorkflowRoutes(orchestrator);
    router
        .authenticated("DELETE", "/api/v1/workflows/{workflow}", routes::delete)
        .authenticated("PATCH", "/api/v1/workflows/{workflow}", routes::update)
        .authenticated("GET", "/api/v1/workflows/{workflow}/versions", routes::version);
  }

  private HttpResponse delete(HttpRequest request) throws Exception {
    Rest.await(orchestrator.deleteWorkflow(request.requireTenantId(), id(request)));
    return HttpResponse.noContent();
  }

  /** {@code WorkflowUpdateRequest}: its only action, {@code pause}, is refused with 501. */
  private HttpResponse update(HttpRequest request) throws Exception {
    ObjectNode body = Rest.body(request);
    workflow(request); // an unknown workflow is a 404 first, as upstream's middleware answers
    if (body.isEmpty()) {
      throw EngineException.invalidArgument("the request body must be non-null");
    }
    return HttpResponse.error(501, PAUSE_UNSUPPORTED);
  }

  /** The newest version, or the one whose {@code version} the query names. */
  private HttpResponse version(HttpRequest request) throws Exception {
    WorkflowVersionRecord latest = workflow(request);
    String wanted = request.queryParam("version").orElse(null);
    if (wanted != null && !wanted.isBlank() && !wanted.equals(latest.id()) && !wanted.equals(latest.spec().version())) {
      throw EngineException.notFound("workflow version " + wanted + " not found");
    }
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(latest.id(), latest.createdAtMs(), latest.createdAtMs()));
    node.put("version", latest.spec().version())
        .put("order", latest.order())
        .put("workflowId", latest.workflowId());
    if (latest.spec().defaultPriority() != null) {
      node.put("defaultPriority", latest.spec().defaultPriority());
    }
    return HttpResponse.ok(node);
  }

  private WorkflowVersionRecord workflow(HttpRequest request) throws Exception {
    String id = id(request);
    return Rest.await(orchestrator.workflowById(request.requireTenantId(), id))
        .orElseThrow(() -> EngineException.notFound("workflow " + id + " not found"));
  }

  private static String id(HttpRequest request) {
    return Ids.require(request.pathParams().get("workflow"), "workflow id");
  }
}
