package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.ScheduledRun;
import io.hatchet4j.Schedules;
import io.hatchet4j.features.BulkResult;
import io.hatchet4j.workflow.Workflow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Schedules} over the engine's scheduled-run routes, as the official SDKs call them.
 * Creating one stays on gRPC ({@link EventsAndSchedules#schedule}), as in the Python SDK. Not
 * public API; thread-safe.
 */
final class RestSchedules implements Schedules {
  private final ClientRuntime runtime;
  private final RestClient rest;
  private final WorkflowLookup workflows;

  RestSchedules(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
    this.workflows = new WorkflowLookup(runtime);
  }

  @Override
  public List<ScheduledRun> list() {
    return list(null);
  }

  @Override
  public List<ScheduledRun> list(Workflow<?, ?> workflow) {
    RestQuery query = new RestQuery().add("limit", 1000)
        .add("workflowId", workflow == null ? null : workflows.id(workflow.name()));
    return RestRows.rows(rest.get(rest.tenantPath("/workflows/scheduled" + query), "listing scheduled runs"),
        RestSchedules::scheduled);
  }

  @Override
  public void delete(String scheduleId) {
    rest.delete(path(scheduleId), "deleting scheduled run " + scheduleId);
  }

  @Override
  public ScheduledRun get(String scheduleId) {
    return scheduled(rest.get(path(scheduleId), "reading scheduled run " + scheduleId));
  }

  @Override
  public ScheduledRun update(String scheduleId, Instant triggerAt) {
    ObjectNode body = runtime.mapper().createObjectNode().put("triggerAt", requireNonNull(triggerAt, "triggerAt").toString());
    return scheduled(rest.patch(path(scheduleId), body, "moving scheduled run " + scheduleId));
  }

  @Override
  public BulkResult bulkDelete(List<String> scheduleIds) {
    ObjectNode body = runtime.mapper().createObjectNode();
    ArrayNode ids = body.putArray("scheduledWorkflowRunIds");
    scheduleIds.forEach(id -> ids.add(requireNonNull(id, "schedule id")));
    return bulkDelete(body);
  }

  @Override
  public BulkResult bulkDelete(Workflow<?, ?> workflow, Map<String, String> additionalMetadata) {
    ObjectNode body = runtime.mapper().createObjectNode();
    ObjectNode filter = body.putObject("filter").put("workflowId", workflows.id(requireNonNull(workflow, "workflow").name()));
    ArrayNode metadata = filter.putArray("additionalMetadata");
    additionalMetadata.forEach((key, value) -> metadata.add(key + ":" + value));
    return bulkDelete(body);
  }

  private BulkResult bulkDelete(ObjectNode body) {
    JsonNode result = rest.post(rest.tenantPath("/workflows/scheduled/bulk-delete"), body, "deleting scheduled runs");
    return bulk(result, "deletedIds");
  }

  @Override
  public BulkResult bulkUpdate(Map<String, Instant> triggerAtById) {
    ObjectNode body = runtime.mapper().createObjectNode();
    ArrayNode updates = body.putArray("updates");
    triggerAtById.forEach((id, at) -> updates.addObject().put("id", id).put("triggerAt", at.toString()));
    JsonNode result = rest.post(rest.tenantPath("/workflows/scheduled/bulk-update"), body, "moving scheduled runs");
    return bulk(result, "updatedIds");
  }

  private static BulkResult bulk(JsonNode result, String doneField) {
    Map<String, String> failed = new LinkedHashMap<>();
    result.path("errors").forEach(error -> failed.put(error.path("id").asText(), error.path("error").asText()));
    return new BulkResult(RestRows.texts(result.path(doneField)), failed);
  }

  private String path(String scheduleId) {
    return rest.tenantPath("/workflows/scheduled/" + RestClient.encode(requireNonNull(scheduleId, "scheduleId")));
  }

  /** Upstream's {@code ScheduledWorkflows}. */
  private static ScheduledRun scheduled(JsonNode row) {
    return new ScheduledRun(RestRows.id(row), row.path("workflowName").asText(), RestRows.time(row.path("triggerAt")));
  }
}
