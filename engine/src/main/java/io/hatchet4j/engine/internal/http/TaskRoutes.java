package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunFilter;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.TaskView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Upstream's v1 task routes: cancel and replay by ids or filter ({@code V1CancelTaskRequest}), one
 * task ({@code V1TaskSummary}), its log lines ({@code V1LogLineList}) and the restore of an evicted
 * durable task.
 */
final class TaskRoutes {
  private final Orchestrator orchestrator;

  private TaskRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    TaskRoutes routes = new TaskRoutes(orchestrator);
    router
        .authenticated("POST", "/api/v1/stable/tenants/{tenant}/tasks/cancel", request -> routes.idsAction(request, true))
        .authenticated("POST", "/api/v1/stable/tenants/{tenant}/tasks/replay", request -> routes.idsAction(request, false))
        .authenticated("GET", "/api/v1/stable/tasks/{task}", routes::get)
        .authenticated("GET", "/api/v1/stable/tasks/{task}/logs", routes::logs)
        .authenticated("POST", "/api/v1/stable/tasks/{task}/restore", routes::restore);
  }

  /** Cancels or replays what the body names, answering {@code {"ids": [task run ids]}}. */
  private HttpResponse idsAction(HttpRequest request, boolean cancel) throws Exception {
    String tenantId = request.requireTenantId();
    ObjectNode body = Rest.body(request);
    List<String> ids = Rest.textList(body, "externalIds");
    JsonNode filter = body.get("filter");
    CompletableFuture<List<String>> done;
    if (filter != null && !filter.isNull()) {
      if (!ids.isEmpty()) {
        throw EngineException.invalidArgument("give either externalIds or filter, not both");
      }
      if (!filter.isObject()) {
        throw EngineException.invalidArgument("filter must be an object");
      }
      RunFilter runFilter = filter((ObjectNode) filter);
      done = cancel ? orchestrator.cancel(tenantId, runFilter) : orchestrator.replay(tenantId, runFilter);
    } else if (ids.isEmpty()) {
      throw EngineException.invalidArgument("externalIds or filter is required");
    } else {
      done = cancel ? orchestrator.cancel(tenantId, ids) : orchestrator.replay(tenantId, ids);
    }
    ObjectNode response = Json.newObject();
    Rest.await(done).forEach(response.putArray("ids")::add);
    return HttpResponse.ok(response);
  }

  /** Upstream's {@code V1TaskFilter}: {@code since} is required. */
  private static RunFilter filter(ObjectNode filter) {
    long since = Rest.instant(Rest.requiredText(filter, "since"), "filter.since");
    JsonNode until = filter.get("until");
    Set<RunStatus> statuses = new LinkedHashSet<>();
    for (String status : Rest.textList(filter, "statuses")) {
      statuses.add(RunFilter.status(status));
    }
    return new RunFilter(
        since,
        until == null || until.isNull() ? null : Rest.instant(until.asText(), "filter.until"),
        statuses,
        Set.copyOf(Rest.textList(filter, "workflowIds")),
        RunFilter.metadataPairs(Rest.textList(filter, "additionalMetadata")),
        null,
        null);
  }

  private HttpResponse get(HttpRequest request) throws Exception {
    String taskId = Ids.require(request.pathParams().get("task"), "task run id");
    RunView run = Rest.await(orchestrator.runViewOfTask(request.requireTenantId(), taskId));
    for (TaskView task : run.tasks()) {
      if (task.id().equals(taskId)) {
        return HttpResponse.ok(RunRoutes.taskJson(run, task));
      }
    }
    throw EngineException.notFound("task run " + taskId + " not found");
  }

  /** Queues an evicted durable task at once, as {@code RestoreEvictedTask} does. */
  private HttpResponse restore(HttpRequest request) throws Exception {
    boolean requeued = Rest.await(orchestrator.durableTasks().restoreEvicted(request.requireTenantId(), request.pathParams().get("task")));
    return HttpResponse.ok(Json.newObject().put("requeued", requeued));
  }

  private HttpResponse logs(HttpRequest request) throws Exception {
    String taskId = request.pathParams().get("task");
    List<LogRecord> lines = new ArrayList<>(Rest.await(orchestrator.logs(request.requireTenantId(), taskId)));
    Long since = Rest.instantParam(request, "since");
    Long until = Rest.instantParam(request, "until");
    List<String> levels = Rest.listParam(request, "levels");
    String search = request.queryParam("search").orElse(null);
    lines.removeIf(line -> (since != null && line.createdAtMs() < since)
        || (until != null && line.createdAtMs() > until)
        || (!levels.isEmpty() && (line.level() == null || levels.stream().noneMatch(l -> l.equalsIgnoreCase(line.level()))))
        || (search != null && !line.message().contains(search)));
    if ("DESC".equalsIgnoreCase(request.queryParam("order_by_direction").orElse(""))) {
      Collections.reverse(lines);
    }
    return HttpResponse.ok(Rest.page(request, lines, TaskRoutes::logJson));
  }

  static ObjectNode logJson(LogRecord line) {
    ObjectNode node = Json.newObject()
        .put("createdAt", Rest.time(line.createdAtMs()))
        .put("message", line.message());
    ObjectNode metadata = Json.parseObjectOrNull(line.metadata());
    node.set("metadata", metadata == null ? Json.newObject() : metadata);
    String level = line.level() == null ? "" : line.level().toUpperCase(java.util.Locale.ROOT);
    switch (level) {
      case "DEBUG":
      case "INFO":
      case "WARN":
      case "ERROR":
        node.put("level", level);
        break;
      case "WARNING":
        node.put("level", "WARN");
        break;
      default:
        break; // upstream's enum has no other levels
    }
    if (line.retryCount() != null) {
      node.put("retryCount", line.retryCount()).put("attempt", line.retryCount() + 1);
    }
    return node;
  }
}
