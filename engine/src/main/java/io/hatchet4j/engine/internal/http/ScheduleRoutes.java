package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.checks.TriggerChecks;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.PayloadLimit;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunFilter;
import io.hatchet4j.engine.internal.runs.ScheduleRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Upstream's scheduled-run routes ({@code ScheduledWorkflows}): create for a workflow by name,
 * list, get, move (PATCH {@code triggerAt}), delete, and bulk delete and update. A schedule leaves
 * the list when it fires.
 */
final class ScheduleRoutes {
  private static final String BASE = "/api/v1/tenants/{tenant}/workflows/scheduled";

  private final Orchestrator orchestrator;
  private final PayloadLimit limit;

  private ScheduleRoutes(Orchestrator orchestrator, PayloadLimit limit) {
    this.orchestrator = orchestrator;
    this.limit = limit;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator, PayloadLimit limit) {
    ScheduleRoutes routes = new ScheduleRoutes(orchestrator, limit);
    router
        .authenticated("POST", BASE + "/bulk-delete", routes::bulkDelete)
        .authenticated("POST", BASE + "/bulk-update", routes::bulkUpdate)
        .authenticated("GET", BASE, routes::list)
        .authenticated("GET", BASE + "/{scheduled}", routes::get)
        .authenticated("PATCH", BASE + "/{scheduled}", routes::update)
        .authenticated("DELETE", BASE + "/{scheduled}", routes::delete)
        .authenticated("POST", "/api/v1/tenants/{tenant}/workflows/{workflow}/scheduled", routes::create);
  }

  private HttpResponse create(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    ObjectNode body = Rest.body(request);
    WorkflowVersionRecord workflow = TriggerChecks.restWorkflow(
        () -> Rest.await(orchestrator.workflowNamed(tenantId, request.pathParams().get("workflow"))));
    TriggerChecks.requireSchedulePriority(Rest.intField(body, "priority"));
    long triggerAt = Rest.instant(Rest.requiredText(body, "triggerAt"), "triggerAt");
    String input = Rest.objectText(body, "input");
    String metadata = Rest.objectText(body, "additionalMetadata");
    limit.check("the scheduled run", input, metadata);
    ScheduleRequest schedule = new ScheduleRequest(workflow.name(), input, metadata, Rest.intField(body, "priority"),
        List.of(triggerAt),
        null, null, null, null, true);
    List<ScheduleRecord> created = Rest.await(orchestrator.schedule(tenantId, schedule));
    return HttpResponse.ok(json(created.get(0), Map.of(workflow.workflowId(), workflow)));
  }

  private HttpResponse list(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    List<ScheduleRecord> all = new ArrayList<>(Rest.await(orchestrator.schedules(tenantId)));
    String workflowId = request.queryParam("workflowId").orElse(null);
    String parentRun = request.queryParam("parentWorkflowRunId").orElse(null);
    String parentTask = request.queryParam("parentStepRunId").orElse(null);
    Map<String, String> metadata = RunFilter.metadataPairs(Rest.listParam(request, "additionalMetadata"));
    List<String> statuses = Rest.listParam(request, "statuses");
    all.removeIf(s -> (workflowId != null && !workflowId.equals(s.workflowId()))
        || (parentRun != null && !parentRun.equals(s.parentWorkflowRunId()))
        || (parentTask != null && !parentTask.equals(s.parentTaskRunId()))
        || !hasMetadata(s.additionalMetadata(), metadata)
        // Pending schedules are all this engine keeps; they have upstream's status SCHEDULED.
        || (!statuses.isEmpty() && !statuses.contains("SCHEDULED")));
    Comparator<ScheduleRecord> order = "createdAt".equals(request.queryParam("orderByField").orElse(""))
        ? Comparator.comparingLong(ScheduleRecord::createdAtMs)
        : Comparator.comparingLong(ScheduleRecord::triggerAtMs);
    if ("DESC".equalsIgnoreCase(request.queryParam("orderByDirection").orElse(""))) {
      order = order.reversed();
    }
    all.sort(order);
    Map<String, WorkflowVersionRecord> workflows = workflows(tenantId);
    return HttpResponse.ok(Rest.page(request, all, s -> json(s, workflows)));
  }

  private HttpResponse get(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    ScheduleRecord schedule = Rest.await(orchestrator.scheduleById(tenantId, request.pathParams().get("scheduled")));
    return HttpResponse.ok(json(schedule, workflows(tenantId)));
  }

  private HttpResponse update(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    long triggerAt = Rest.instant(Rest.requiredText(Rest.body(request), "triggerAt"), "triggerAt");
    ScheduleRecord schedule = Rest.await(orchestrator.reschedule(tenantId, request.pathParams().get("scheduled"), triggerAt));
    return HttpResponse.ok(json(schedule, workflows(tenantId)));
  }

  private HttpResponse delete(HttpRequest request) throws Exception {
    Rest.await(orchestrator.deleteSchedule(request.requireTenantId(), request.pathParams().get("scheduled")));
    return HttpResponse.noContent();
  }

  private HttpResponse bulkDelete(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    ObjectNode body = Rest.body(request);
    List<String> ids = Rest.textList(body, "scheduledWorkflowRunIds");
    JsonNode filter = body.get("filter");
    if (filter != null && filter.isObject()) {
      if (!ids.isEmpty()) {
        throw EngineException.invalidArgument("give either scheduledWorkflowRunIds or filter, not both");
      }
      Map<String, String> metadata = RunFilter.metadataPairs(Rest.textList((ObjectNode) filter, "additionalMetadata"));
      for (ScheduleRecord s : Rest.await(orchestrator.schedules(tenantId))) {
        if (matches(filter, "workflowId", s.workflowId()) && matches(filter, "parentWorkflowRunId", s.parentWorkflowRunId())
            && matches(filter, "parentStepRunId", s.parentTaskRunId()) && hasMetadata(s.additionalMetadata(), metadata)) {
          ids.add(s.id());
        }
      }
    } else if (ids.isEmpty()) {
      throw EngineException.invalidArgument("scheduledWorkflowRunIds or filter is required");
    }
    ObjectNode response = Json.newObject();
    ArrayNode deleted = response.putArray("deletedIds");
    ArrayNode errors = response.putArray("errors");
    for (String id : ids) {
      try {
        Rest.await(orchestrator.deleteSchedule(tenantId, id));
        deleted.add(id);
      } catch (Exception e) {
        errors.addObject().put("id", id).put("error", message(e));
      }
    }
    return HttpResponse.ok(response);
  }

  private HttpResponse bulkUpdate(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    JsonNode updates = Rest.body(request).get("updates");
    if (updates == null || !updates.isArray() || updates.isEmpty()) {
      throw EngineException.invalidArgument("updates is required");
    }
    ObjectNode response = Json.newObject();
    ArrayNode updated = response.putArray("updatedIds");
    ArrayNode errors = response.putArray("errors");
    for (JsonNode update : updates) {
      String id = update.path("id").asText();
      try {
        long at = Rest.instant(update.path("triggerAt").asText(), "triggerAt");
        Rest.await(orchestrator.reschedule(tenantId, id, at));
        updated.add(id);
      } catch (Exception e) {
        errors.addObject().put("id", id).put("error", message(e));
      }
    }
    return HttpResponse.ok(response);
  }

  private Map<String, WorkflowVersionRecord> workflows(String tenantId) throws Exception {
    return Rest.workflowsById(orchestrator, tenantId);
  }

  private static ObjectNode json(ScheduleRecord s, Map<String, WorkflowVersionRecord> workflows) {
    return Rest.triggerJson(s.id(), s.createdAtMs(), s.updatedAtMs(), s.tenantId(), s.workflowId(), s.workflowName(),
            workflows, s.input(), s.additionalMetadata(), s.priority())
        .put("triggerAt", Rest.time(s.triggerAtMs()))
        .put("method", s.method());
  }

  private static boolean matches(JsonNode filter, String field, String value) {
    JsonNode wanted = filter.get(field);
    return wanted == null || wanted.isNull() || wanted.asText().equals(value);
  }

  static boolean hasMetadata(String metadataJson, Map<String, String> wanted) {
    if (wanted.isEmpty()) {
      return true;
    }
    ObjectNode metadata = Json.parseObjectOrNull(metadataJson);
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      JsonNode value = metadata == null ? null : metadata.get(e.getKey());
      if (value == null || !value.asText().equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static String message(Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
