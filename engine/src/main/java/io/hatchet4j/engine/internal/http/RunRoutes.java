package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunFilter;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.StoredRuns;
import io.hatchet4j.engine.internal.runs.TaskView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Upstream's v1 workflow run routes: one run with its tasks ({@code V1WorkflowRunDetails}), its
 * status, and the tenant's runs by filter ({@code V1TaskSummaryList}, and the bare ids).
 */
final class RunRoutes {
  /** Upstream's default window for run listings without {@code since}. */
  private static final long DEFAULT_SINCE_MS = 24L * 3600 * 1000;

  private final Orchestrator orchestrator;

  private RunRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    RunRoutes routes = new RunRoutes(orchestrator);
    router
        .authenticated("GET", "/api/v1/stable/workflow-runs/{run}", routes::get)
        .authenticated("GET", "/api/v1/stable/workflow-runs/{run}/status", routes::status)
        .authenticated("GET", "/api/v1/stable/tenants/{tenant}/workflow-runs/external-ids", routes::externalIds)
        .authenticated("GET", "/api/v1/stable/tenants/{tenant}/workflow-runs", routes::list)
        .authenticated("GET", "/api/v1/hatchet4j/runs", routes::engineList);
  }

  private HttpResponse get(HttpRequest request) throws Exception {
    RunView run = Rest.await(orchestrator.runView(request.requireTenantId(), request.pathParams().get("run")));
    ObjectNode body = Json.newObject();
    body.set("run", runJson(run));
    body.putArray("taskEvents");
    ArrayNode shape = body.putArray("shape");
    ArrayNode tasks = body.putArray("tasks");
    for (TaskView task : run.tasks()) {
      ObjectNode item = shape.addObject()
          .put("taskExternalId", task.id())
          .put("stepId", task.definitionId())
          .put("taskName", task.readableId());
      // The view does not carry the DAG's edges, so the shape lists the tasks without them.
      item.putArray("childrenStepIds");
      tasks.add(taskJson(run, task));
    }
    return HttpResponse.ok(body);
  }

  private HttpResponse status(HttpRequest request) throws Exception {
    RunView run = Rest.await(orchestrator.runView(request.requireTenantId(), request.pathParams().get("run")));
    return HttpResponse.ok(run.status().name());
  }

  /**
   * One page of runs, read from the store's indexes on this thread: it reads only the runs on the
   * page, and counts the rest in the index. Rows per task ({@code only_tasks}) are paged over
   * every selected run's tasks instead.
   */
  private HttpResponse list(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    RunFilter filter = filter(request, orchestrator.nowMs());
    if (Boolean.parseBoolean(request.queryParam("only_tasks").orElse("false"))) {
      List<JsonNode> rows = new ArrayList<>();
      for (RunView run : Rest.await(orchestrator.runViews(tenantId, filter))) {
        run.tasks().forEach(task -> rows.add(taskJson(run, task)));
      }
      return HttpResponse.ok(Rest.page(request, rows, row -> row));
    }
    int offset = Rest.intParam(request, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Rest.intParam(request, "limit", Rest.DEFAULT_LIMIT, 1, Rest.MAX_LIMIT);
    StoredRuns.Page page = Rest.await(orchestrator.runPage(tenantId, filter, offset, limit));
    ObjectNode body = Json.newObject();
    ArrayNode rows = body.putArray("rows");
    page.rows().forEach(run -> rows.add(summaryJson(run)));
    body.set("pagination", pagination(offset, limit, page.total()));
    return HttpResponse.ok(body);
  }

  /** Upstream's {@code PaginationResponse} of the page at {@code offset} of {@code total} rows. */
  static ObjectNode pagination(long offset, int limit, long total) {
    long pages = Math.max(1, (total + limit - 1) / limit);
    long current = offset / limit + 1;
    return Json.newObject()
        .put("current_page", current)
        .put("next_page", current < pages ? current + 1 : current)
        .put("num_pages", pages);
  }

  private HttpResponse externalIds(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    return HttpResponse.ok(orchestrator.stored().ids(tenantId, filter(request, orchestrator.nowMs())));
  }

  /** Page size of the engine's own run listing, and its ceiling. */
  private static final int ENGINE_LIST_LIMIT = 50;
  private static final int ENGINE_LIST_MAX = 500;
  /**
   * How far back a cursor reaches before the time it was handed out: a run changed just before a
   * listing may be committed just after it, so the next poll looks again a little behind.
   */
  private static final long CURSOR_OVERLAP_MS = 5_000;

  /**
   * This engine's own run listing, for its page: {@code limit} (default 50, at most 500) runs
   * from {@code offset}, newest first, filtered by {@code statuses}, {@code workflow_ids},
   * {@code since} and {@code until} like the upstream listing (without a default {@code since}),
   * with the total. With {@code changed_since} (a cursor of an earlier answer) it lists instead the
   * runs changed since, oldest change first. Every answer carries the {@code cursor} to ask with
   * next time; a poll that finds nothing changed reads no run at all.
   */
  private HttpResponse engineList(HttpRequest request) throws Exception {
    String tenantId = request.requireTenantId();
    int limit = Rest.intParam(request, "limit", ENGINE_LIST_LIMIT, 1, ENGINE_LIST_MAX);
    // The engine's time, which stamps the runs the cursor is compared with.
    long now = orchestrator.nowMs();
    ObjectNode body = Json.newObject();
    ArrayNode rows = body.putArray("rows");
    Optional<String> changedSince = request.queryParam("changed_since");
    if (changedSince.isPresent()) {
      long cursor;
      try {
        cursor = Long.parseLong(changedSince.get().strip());
      } catch (NumberFormatException e) {
        throw EngineException.invalidArgument("changed_since must be a cursor from an earlier answer");
      }
      orchestrator.stored().updatedSince(tenantId, cursor, limit).forEach(run -> rows.add(engineRow(run)));
    } else {
      int offset = Rest.intParam(request, "offset", 0, 0, Integer.MAX_VALUE);
      Set<RunStatus> statuses = new LinkedHashSet<>();
      for (String status : Rest.listParam(request, "statuses")) {
        statuses.add(RunFilter.status(status));
      }
      RunFilter filter = new RunFilter(Rest.instantParam(request, "since"), Rest.instantParam(request, "until"),
          statuses, Set.copyOf(Rest.listParam(request, "workflow_ids")), java.util.Map.of(), null, null);
      StoredRuns.Page page = Rest.await(orchestrator.runPage(tenantId, filter, offset, limit));
      page.rows().forEach(run -> rows.add(engineRow(run)));
      body.putObject("pagination").put("offset", offset).put("limit", limit).put("total", page.total());
    }
    body.put("cursor", Long.toString(now - CURSOR_OVERLAP_MS));
    return HttpResponse.ok(body);
  }

  private static ObjectNode engineRow(RunView run) {
    ObjectNode row = Json.newObject()
        .put("id", run.id())
        .put("workflow", run.workflowName())
        .put("workflowId", run.workflowId())
        .put("status", run.status().name())
        .put("createdAt", Rest.time(run.createdAtMs()));
    Rest.putTime(row, "startedAt", run.startedAtMs());
    Rest.putTime(row, "finishedAt", run.finishedAtMs());
    ArrayNode tasks = row.putArray("tasks");
    for (TaskView task : run.tasks()) {
      ObjectNode t = tasks.addObject()
          .put("id", task.id())
          .put("name", task.readableId())
          .put("status", task.status().name())
          .put("attempts", task.attempts())
          .put("retryCount", task.retryCount());
      Rest.putTime(t, "startedAt", task.startedAtMs());
      Rest.putTime(t, "finishedAt", task.finishedAtMs());
      if (task.error() != null && task.status().isTerminal()) {
        t.put("error", task.error());
      }
    }
    return row;
  }

  /** The run list's query as a filter; {@code since} defaults to a day ago, as upstream's SDKs send. */
  static RunFilter filter(HttpRequest request, long nowMs) {
    Long since = Rest.instantParam(request, "since");
    Set<RunStatus> statuses = new LinkedHashSet<>();
    for (String status : Rest.listParam(request, "statuses")) {
      statuses.add(RunFilter.status(status));
    }
    return new RunFilter(
        since != null ? since : nowMs - DEFAULT_SINCE_MS,
        Rest.instantParam(request, "until"),
        statuses,
        Set.copyOf(Rest.listParam(request, "workflow_ids")),
        RunFilter.metadataPairs(Rest.listParam(request, "additional_metadata")),
        request.queryParam("parent_task_external_id").orElse(null),
        request.queryParam("triggering_event_external_id").orElse(null));
  }

  /** Upstream's {@code V1WorkflowRun}. */
  static ObjectNode runJson(RunView run) {
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(run.id(), run.createdAtMs(), updatedAt(run)));
    node.put("status", run.status().name())
        .put("tenantId", run.tenantId())
        .put("displayName", run.workflowName())
        .put("workflowId", run.workflowId())
        .put("workflowVersionId", run.workflowVersionId())
        .put("createdAt", Rest.time(run.createdAtMs()));
    node.set("output", outputs(run));
    node.set("input", Rest.object(run.input()));
    node.set("additionalMetadata", Rest.object(run.additionalMetadata()));
    Rest.putTime(node, "startedAt", run.startedAtMs());
    Rest.putTime(node, "finishedAt", run.finishedAtMs());
    if (run.startedAtMs() != null && run.finishedAtMs() != null) {
      node.put("duration", run.finishedAtMs() - run.startedAtMs());
    }
    String error = firstError(run);
    if (error != null) {
      node.put("errorMessage", error);
    }
    if (run.parentTaskRunId() != null) {
      node.put("parentTaskExternalId", run.parentTaskRunId());
    }
    return node;
  }

  /** One row of a run listing: the task itself for a one-task run, else the run with its tasks as children. */
  static JsonNode summaryJson(RunView run) {
    if (run.tasks().size() == 1) {
      return taskJson(run, run.tasks().get(0));
    }
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(run.id(), run.createdAtMs(), updatedAt(run)));
    common(node, run);
    node.put("displayName", run.workflowName())
        .put("status", run.status().name())
        .put("taskExternalId", run.id())
        .put("taskId", Rest.number(run.id()))
        .put("type", "DAG")
        .put("numSpawnedChildren", 0);
    node.set("output", outputs(run));
    Rest.putTime(node, "startedAt", run.startedAtMs());
    Rest.putTime(node, "finishedAt", run.finishedAtMs());
    String error = firstError(run);
    if (error != null) {
      node.put("errorMessage", error);
    }
    ArrayNode children = node.putArray("children");
    run.tasks().forEach(task -> children.add(taskJson(run, task)));
    return node;
  }

  /** Upstream's {@code V1TaskSummary} of one task. */
  static ObjectNode taskJson(RunView run, TaskView task) {
    ObjectNode node = Json.newObject();
    long updated = task.finishedAtMs() != null ? task.finishedAtMs()
        : task.startedAtMs() != null ? task.startedAtMs() : run.createdAtMs();
    node.set("metadata", Rest.meta(task.id(), run.createdAtMs(), updated));
    common(node, run);
    node.put("actionId", task.actionId())
        .put("retryCount", task.retryCount())
        .put("attempt", task.attempts())
        // Upstream's "<readable id>-<unix ms>"; its e2e tests find tasks by that prefix.
        .put("displayName", task.readableId() + "-" + run.createdAtMs())
        .put("status", task.status().asRunStatus().name())
        .put("stepId", task.definitionId())
        .put("taskExternalId", task.id())
        .put("taskId", Rest.number(task.id()))
        .put("type", "TASK")
        .put("numSpawnedChildren", 0);
    node.set("output", task.status() == TaskStatus.COMPLETED && task.output() != null
        ? Rest.object(task.output()) : Json.newObject());
    Rest.putTime(node, "startedAt", task.startedAtMs());
    Rest.putTime(node, "finishedAt", task.finishedAtMs());
    if (task.startedAtMs() != null && task.finishedAtMs() != null) {
      node.put("duration", task.finishedAtMs() - task.startedAtMs());
    }
    if (task.error() != null && task.status().isTerminal() && task.status() != TaskStatus.COMPLETED) {
      node.put("errorMessage", task.error());
    }
    return node;
  }

  private static void common(ObjectNode node, RunView run) {
    node.put("createdAt", Rest.time(run.createdAtMs()))
        .put("taskInsertedAt", Rest.time(run.createdAtMs()))
        .put("tenantId", run.tenantId())
        .put("workflowId", run.workflowId())
        .put("workflowName", run.workflowName())
        .put("workflowRunExternalId", run.id())
        .put("workflowVersionId", run.workflowVersionId());
    node.set("input", Rest.object(run.input()));
    node.set("additionalMetadata", Rest.object(run.additionalMetadata()));
    if (run.parentTaskRunId() != null) {
      node.put("parentTaskExternalId", run.parentTaskRunId());
    }
  }

  /** Outputs of the completed tasks by task name, as the gRPC result streams report them. */
  private static ObjectNode outputs(RunView run) {
    ObjectNode outputs = Json.newObject();
    for (TaskView task : run.tasks()) {
      if (task.status() == TaskStatus.COMPLETED && task.output() != null && !task.onFailure()) {
        outputs.set(task.readableId(), Rest.object(task.output()));
      }
    }
    return outputs;
  }

  @Nullable
  private static String firstError(RunView run) {
    for (TaskView task : run.tasks()) {
      if (task.error() != null && (task.status() == TaskStatus.FAILED || task.status() == TaskStatus.CANCELLED)) {
        return task.error();
      }
    }
    return null;
  }

  private static long updatedAt(RunView run) {
    return run.finishedAtMs() != null ? run.finishedAtMs() : run.startedAtMs() != null ? run.startedAtMs() : run.createdAtMs();
  }
}
