package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunFilter;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.TaskView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
        .authenticated("GET", "/api/v1/stable/tenants/{tenant}/workflow-runs", routes::list);
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

  private HttpResponse list(HttpRequest request) throws Exception {
    List<RunView> runs = Rest.await(orchestrator.runViews(request.requireTenantId(), filter(request, orchestrator.nowMs())));
    if (Boolean.parseBoolean(request.queryParam("only_tasks").orElse("false"))) {
      List<JsonNode> rows = new ArrayList<>();
      for (RunView run : runs) {
        run.tasks().forEach(task -> rows.add(taskJson(run, task)));
      }
      return HttpResponse.ok(Rest.page(request, rows, row -> row));
    }
    return HttpResponse.ok(Rest.page(request, runs, RunRoutes::summaryJson));
  }

  private HttpResponse externalIds(HttpRequest request) throws Exception {
    List<RunView> runs = Rest.await(orchestrator.runViews(request.requireTenantId(), filter(request, orchestrator.nowMs())));
    return HttpResponse.ok(runs.stream().map(RunView::id).toList());
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
        .put("displayName", task.readableId())
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
