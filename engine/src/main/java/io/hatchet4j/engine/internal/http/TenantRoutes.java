package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.runs.EventView;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Upstream's tenant-level reads: the tenant ({@code Tenant}, version {@code V1}), its workflows
 * ({@code WorkflowList}, filtered by {@code name}; how SDKs turn a name into an id) and its events
 * ({@code V1EventList}).
 */
final class TenantRoutes {
  private final Orchestrator orchestrator;

  private TenantRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    TenantRoutes routes = new TenantRoutes(orchestrator);
    router
        .authenticated("GET", "/api/v1/tenants/{tenant}", routes::tenant)
        .authenticated("GET", "/api/v1/tenants/{tenant}/workflows", routes::workflows)
        .authenticated("GET", "/api/v1/workflows/{workflow}", routes::workflow)
        .authenticated("GET", "/api/v1/stable/tenants/{tenant}/events", routes::events);
  }

  private HttpResponse tenant(HttpRequest request) {
    TenantRecord tenant = orchestrator.tenant(request.requireTenantId())
        .orElseThrow(() -> EngineException.notFound("tenant not found"));
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(tenant.id(), tenant.createdAtMs(), tenant.createdAtMs()));
    node.put("name", tenant.name())
        .put("slug", tenant.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"))
        .put("version", "V1")
        .put("analyticsOptOut", true)
        .put("alertMemberEmails", false);
    return HttpResponse.ok(node);
  }

  private HttpResponse workflows(HttpRequest request) throws Exception {
    List<WorkflowVersionRecord> all = new ArrayList<>(Rest.await(orchestrator.workflows(request.requireTenantId())));
    // As upstream (name ILIKE '%<name>%', newest first): a search, not an exact match. The TS SDK's
    // workflows.get(name) sends the name without the client's namespace and takes the exact match
    // if there is one, else the first row.
    String name = request.queryParam("name").orElse("").toLowerCase(Locale.ROOT);
    all.removeIf(w -> !w.name().toLowerCase(Locale.ROOT).contains(name));
    java.util.Collections.reverse(all); // registration order, so newest workflow first
    return HttpResponse.ok(Rest.page(request, all, TenantRoutes::workflowJson));
  }

  private HttpResponse workflow(HttpRequest request) throws Exception {
    String id = Ids.require(request.pathParams().get("workflow"), "workflow id");
    WorkflowVersionRecord workflow = Rest.await(orchestrator.workflowById(request.requireTenantId(), id))
        .orElseThrow(() -> EngineException.notFound("workflow " + id + " not found"));
    return HttpResponse.ok(workflowJson(workflow));
  }

  private static ObjectNode workflowJson(WorkflowVersionRecord w) {
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(w.workflowId(), w.createdAtMs(), w.createdAtMs()));
    node.put("name", w.name())
        .put("tenantId", w.tenantId())
        .put("description", w.spec().description())
        .put("isPaused", false);
    ObjectNode version = node.putArray("versions").addObject();
    version.set("metadata", Rest.meta(w.id(), w.createdAtMs(), w.createdAtMs()));
    version.put("version", w.spec().version()).put("order", w.order()).put("workflowId", w.workflowId());
    return node;
  }

  private HttpResponse events(HttpRequest request) throws Exception {
    List<EventView> all = new ArrayList<>(Rest.await(orchestrator.events(request.requireTenantId())));
    List<String> keys = Rest.listParam(request, "keys");
    List<String> ids = Rest.listParam(request, "eventIds");
    List<String> scopes = Rest.listParam(request, "scopes");
    Long since = Rest.instantParam(request, "since");
    Long until = Rest.instantParam(request, "until");
    Map<String, String> metadata = RunFilter.metadataPairs(Rest.listParam(request, "additionalMetadata"));
    all.removeIf(v -> {
      EventRecord e = v.event();
      return (!keys.isEmpty() && !keys.contains(e.key()))
          || (!ids.isEmpty() && !ids.contains(e.id()))
          || (!scopes.isEmpty() && !scopes.contains(e.scope()))
          || (since != null && e.createdAtMs() < since)
          || (until != null && e.createdAtMs() > until)
          || !ScheduleRoutes.hasMetadata(e.additionalMetadata(), metadata);
    });
    return HttpResponse.ok(Rest.page(request, all, TenantRoutes::eventJson));
  }

  private static ObjectNode eventJson(EventView view) {
    EventRecord e = view.event();
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(e.id(), e.createdAtMs(), e.createdAtMs()));
    node.put("key", e.key()).put("tenantId", e.tenantId()).put("seenAt", Rest.time(e.createdAtMs()));
    node.set("payload", Rest.object(e.payload()));
    node.set("additionalMetadata", Rest.object(e.additionalMetadata()));
    if (e.scope() != null) {
      node.put("scope", e.scope());
    }
    node.putObject("workflowRunSummary")
        .put("running", view.count(RunStatus.RUNNING))
        .put("queued", view.count(RunStatus.QUEUED))
        .put("succeeded", view.count(RunStatus.COMPLETED))
        .put("failed", view.count(RunStatus.FAILED))
        .put("cancelled", view.count(RunStatus.CANCELLED));
    return node;
  }
}
