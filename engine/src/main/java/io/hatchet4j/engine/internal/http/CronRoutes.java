package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.checks.TriggerChecks;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.PayloadLimit;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Upstream's cron trigger routes ({@code CronWorkflows}): create for a workflow by name, list, get
 * and delete. Crons a workflow declares at registration are listed with method {@code DEFAULT}.
 */
final class CronRoutes {
  private static final String BASE = "/api/v1/tenants/{tenant}/workflows/crons";

  private final Orchestrator orchestrator;
  private final PayloadLimit limit;

  private CronRoutes(Orchestrator orchestrator, PayloadLimit limit) {
    this.orchestrator = orchestrator;
    this.limit = limit;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator, PayloadLimit limit) {
    CronRoutes routes = new CronRoutes(orchestrator, limit);
    router
        .authenticated("GET", BASE, routes::list)
        .authenticated("GET", BASE + "/{cron}", routes::get)
        .authenticated("DELETE", BASE + "/{cron}", routes::delete)
        .authenticated("POST", "/api/v1/tenants/{tenant}/workflows/{workflow}/crons", routes::create);
  }

  private HttpResponse create(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    ObjectNode body = Rest.body(request);
    TriggerChecks.requireCronName(body.path("cronName").asText(""));
    WorkflowVersionRecord workflow = TriggerChecks.restWorkflow(
        () -> Rest.await(orchestrator.workflowNamed(tenantId, request.pathParams().get("workflow"))));
    TriggerChecks.requireCron(body.path("cronExpression").asText(null), Rest.intField(body, "priority"));
    String input = Rest.objectText(body, "input");
    String metadata = Rest.objectText(body, "additionalMetadata");
    limit.check("the cron", input, metadata);
    CronRecord cron = Rest.await(orchestrator.createCron(tenantId, workflow.name(), Rest.requiredText(body, "cronName"),
        Rest.requiredText(body, "cronExpression"), input, metadata, Rest.intField(body, "priority")));
    return HttpResponse.ok(json(cron, Map.of(workflow.workflowId(), workflow)));
  }

  private HttpResponse list(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    List<CronRecord> all = new ArrayList<>(Rest.await(orchestrator.crons(tenantId)));
    String workflowId = request.queryParam("workflowId").orElse(null);
    String workflowName = request.queryParam("workflowName").orElse(null);
    String cronName = request.queryParam("cronName").orElse(null);
    Map<String, String> metadata = RunFilter.metadataPairs(Rest.listParam(request, "additionalMetadata"));
    all.removeIf(c -> (workflowId != null && !workflowId.equals(c.workflowId()))
        || (workflowName != null && !workflowName.equalsIgnoreCase(c.workflowName()))
        || (cronName != null && !cronName.equals(c.name()))
        || !ScheduleRoutes.hasMetadata(c.additionalMetadata(), metadata));
    if ("DESC".equalsIgnoreCase(request.queryParam("orderByDirection").orElse(""))) {
      all.sort(Comparator.comparingLong(CronRecord::createdAtMs).reversed());
    }
    Map<String, WorkflowVersionRecord> workflows = workflows(tenantId);
    return HttpResponse.ok(Rest.page(request, all, c -> json(c, workflows)));
  }

  private HttpResponse get(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    CronRecord cron = Rest.await(orchestrator.cronById(tenantId, request.pathParams().get("cron")));
    return HttpResponse.ok(json(cron, workflows(tenantId)));
  }

  private HttpResponse delete(HttpRequest request) throws Exception {
    Rest.await(orchestrator.deleteCron(request.requireTenantId(), request.pathParams().get("cron")));
    return HttpResponse.noContent();
  }

  private Map<String, WorkflowVersionRecord> workflows(String tenantId) throws Exception {
    return Rest.workflowsById(orchestrator, tenantId);
  }

  private static JsonNode json(CronRecord c, Map<String, WorkflowVersionRecord> workflows) {
    return Rest.triggerJson(c.id(), c.createdAtMs(), c.updatedAtMs(), c.tenantId(), c.workflowId(), c.workflowName(),
            workflows, c.input(), c.additionalMetadata(), c.priority())
        .put("cron", c.expression())
        .put("name", c.name())
        .put("enabled", c.enabled())
        .put("method", c.method());
  }
}
