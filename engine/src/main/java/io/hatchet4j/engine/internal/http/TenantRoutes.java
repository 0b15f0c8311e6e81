package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

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
        .authenticated("GET", "/api/v1/stable/tenants/{tenant}/events", routes::events)
        .authenticated("GET", "/api/v1/stable/tenants/{tenant}/events/{event}", routes::event);
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
    Set<String> runIds = triggeredRunsMatching(request);
    all.removeIf(v -> {
      EventRecord e = v.event();
      return (!keys.isEmpty() && !keys.contains(e.key()))
          || (!ids.isEmpty() && !ids.contains(e.id()))
          || (!scopes.isEmpty() && !scopes.contains(e.scope()))
          || (since != null && e.createdAtMs() < since)
          || (until != null && e.createdAtMs() > until)
          || !ScheduleRoutes.hasMetadata(e.additionalMetadata(), metadata)
          || (runIds != null && e.triggeredRunIds().stream().noneMatch(runIds::contains));
    });
    return HttpResponse.ok(Rest.page(request, all, TenantRoutes::eventJson));
  }

  /**
   * The runs of the workflows and statuses the query names ({@code workflowIds}, {@code
   * workflowRunStatuses}), whose events it selects; null when it names neither.
   */
  @Nullable
  private Set<String> triggeredRunsMatching(HttpRequest request) {
    List<String> workflowIds = Rest.listParam(request, "workflowIds");
    List<String> statuses = Rest.listParam(request, "workflowRunStatuses");
    if (workflowIds.isEmpty() && statuses.isEmpty()) {
      return null;
    }
    Set<RunStatus> wanted = new HashSet<>();
    statuses.forEach(status -> wanted.add(RunFilter.status(status)));
    RunFilter filter = new RunFilter(null, null, wanted, Set.copyOf(workflowIds), Map.of(), null, null);
    return new HashSet<>(orchestrator.stored().ids(request.requireTenantId(), filter));
  }

  private HttpResponse event(HttpRequest request) throws Exception {
    String id = Ids.require(request.pathParams().get("event"), "event id");
    return Rest.await(orchestrator.events(request.requireTenantId())).stream()
        .filter(view -> view.event().id().equals(id))
        .findFirst()
        .map(view -> HttpResponse.ok(eventJson(view)))
        .orElseThrow(() -> EngineException.notFound("event " + id + " not found"));
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
    ArrayNode triggered = node.putArray("triggeredRuns");
    e.triggeredRunIds().forEach(runId -> triggered.addObject().put("workflowRunId", runId));
    return node;
  }
}
