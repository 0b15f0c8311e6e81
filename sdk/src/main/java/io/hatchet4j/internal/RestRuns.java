package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.RunRef;
import io.hatchet4j.RunStatus;
import io.hatchet4j.features.Paged;
import io.hatchet4j.features.RunDetails;
import io.hatchet4j.features.RunFilter;
import io.hatchet4j.features.Runs;
import io.hatchet4j.features.TaskSummary;
import io.hatchet4j.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link Runs} over the engine's v1 REST routes, as the official SDKs' runs clients call them.
 * Not public API; thread-safe.
 */
public final class RestRuns implements Runs {
  private final ClientRuntime runtime;
  private final RestClient rest;
  private final WorkflowLookup workflows;

  RestRuns(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
    this.workflows = new WorkflowLookup(runtime);
  }

  @Override
  public Paged<TaskSummary> list(RunFilter filter) {
    requireNonNull(filter, "filter");
    // The window and the workflow ids are fixed once, so every page asks the same question.
    RestQuery base = criteria(filter, "workflow_ids", "additional_metadata")
        .add("only_tasks", filter.onlyTasks())
        .add("worker_id", filter.workerId().orElse(null))
        .add("parent_task_external_id", filter.parentTaskRunId().orElse(null))
        .add("triggering_event_external_id", filter.triggeringEventId().orElse(null))
        .add("include_payloads", true);
    String path = rest.stableTenantPath("/workflow-runs");
    return new LazyPages<>(filter.pageSize(), (offset, limit) -> RestRows.rows(
        rest.get(path + base.page(offset, limit), "listing runs"), this::summary));
  }

  @Override
  public List<String> ids(RunFilter filter) {
    requireNonNull(filter, "filter");
    JsonNode ids = rest.get(rest.stableTenantPath("/workflow-runs/external-ids")
        + criteria(filter, "workflow_ids", "additional_metadata"), "listing run ids");
    return RestRows.texts(ids);
  }

  /** since, until, statuses, workflows and metadata, under the given parameter names. */
  private RestQuery criteria(RunFilter filter, String workflowIdsKey, String metadataKey) {
    return new RestQuery()
        .addTime("since", since(filter))
        .addTime("until", filter.until().orElse(null))
        .addAll("statuses", filter.statuses().stream().map(Enum::name).toList())
        .addAll(workflowIdsKey, workflowIds(filter))
        .addMetadata(metadataKey, filter.additionalMetadata());
  }

  static Instant since(RunFilter filter) {
    return filter.since().orElseGet(() -> Instant.now().minus(RunFilter.DEFAULT_WINDOW));
  }

  Set<String> workflowIds(RunFilter filter) {
    Set<String> ids = new LinkedHashSet<>(filter.workflowIds());
    filter.workflowNames().forEach(name -> ids.add(workflows.id(name)));
    return ids;
  }

  @Override
  public RunDetails get(String runId) {
    JsonNode details = rest.get("/api/v1/stable/workflow-runs/" + RestClient.encode(requireNonNull(runId, "runId")),
        "reading run " + runId);
    JsonNode run = details.path("run");
    List<TaskSummary> tasks = new ArrayList<>();
    details.path("tasks").forEach(task -> tasks.add(summary(task)));
    return new RunDetails(
        RestRows.id(run),
        RestRows.status(run.path("status")),
        run.path("displayName").asText(),
        run.path("workflowId").asText(),
        RestRows.payload(run.path("input"), runtime.mapper()),
        RestRows.payload(run.path("output"), runtime.mapper()),
        RestRows.textMap(run.path("additionalMetadata")),
        RestRows.time(run.path("createdAt")),
        RestRows.time(run.path("startedAt")),
        RestRows.time(run.path("finishedAt")),
        RestRows.text(run.path("errorMessage")),
        tasks);
  }

  @Override
  public RunStatus status(String runId) {
    JsonNode status = rest.get("/api/v1/stable/workflow-runs/" + RestClient.encode(requireNonNull(runId, "runId"))
        + "/status", "reading the status of run " + runId);
    return RestRows.status(status);
  }

  @Override
  public TaskSummary task(String taskRunId) {
    return summary(rest.get("/api/v1/stable/tasks/" + RestClient.encode(requireNonNull(taskRunId, "taskRunId")),
        "reading task run " + taskRunId));
  }

  @Override
  public List<String> cancel(List<String> runIds) {
    return byIds("cancel", runIds);
  }

  @Override
  public List<String> cancel(RunFilter filter) {
    return byFilter("cancel", filter);
  }

  @Override
  public List<String> replay(List<String> runIds) {
    return byIds("replay", runIds);
  }

  @Override
  public List<String> replay(RunFilter filter) {
    return byFilter("replay", filter);
  }

  @Override
  public <O> RunRef<O> ref(String runId, Workflow<?, O> workflow) {
    return runtime.runRef(requireNonNull(runId, "runId"), requireNonNull(workflow, "workflow"));
  }

  /** {@code POST .../tasks/cancel} or {@code .../tasks/replay} with {@code externalIds}. */
  private List<String> byIds(String action, List<String> runIds) {
    if (runIds.isEmpty()) {
      throw new IllegalArgumentException("name at least one run to " + action);
    }
    ObjectNode body = runtime.mapper().createObjectNode();
    ArrayNode ids = body.putArray("externalIds");
    runIds.forEach(id -> ids.add(requireNonNull(id, "run id")));
    return RestRows.texts(rest.post(rest.stableTenantPath("/tasks/" + action), body, action + " of " + runIds).path("ids"));
  }

  /** The same routes with a {@code V1TaskFilter}. */
  private List<String> byFilter(String action, RunFilter filter) {
    requireNonNull(filter, "filter");
    if (filter.hasListingOnlyCriteria()) {
      throw new IllegalArgumentException("bulk " + action + " filters by since, until, statuses, workflows and "
          + "metadata only; worker, parent task, triggering event and only-tasks are for listings");
    }
    ObjectNode body = runtime.mapper().createObjectNode();
    ObjectNode criteria = body.putObject("filter");
    criteria.put("since", since(filter).toString());
    filter.until().ifPresent(until -> criteria.put("until", until.toString()));
    ArrayNode statuses = criteria.putArray("statuses");
    filter.statuses().forEach(status -> statuses.add(status.name()));
    ArrayNode ids = criteria.putArray("workflowIds");
    workflowIds(filter).forEach(ids::add);
    ArrayNode metadata = criteria.putArray("additionalMetadata");
    filter.additionalMetadata().forEach((key, value) -> metadata.add(key + ":" + value));
    return RestRows.texts(rest.post(rest.stableTenantPath("/tasks/" + action), body, action + " by filter").path("ids"));
  }

  /** Upstream's {@code V1TaskSummary}. */
  TaskSummary summary(JsonNode row) {
    List<TaskSummary> children = new ArrayList<>();
    row.path("children").forEach(child -> children.add(summary(child)));
    boolean dag = "DAG".equals(row.path("type").asText());
    return new TaskSummary(
        row.path("taskExternalId").asText(RestRows.id(row)),
        row.path("workflowRunExternalId").asText(),
        row.path("workflowId").asText(),
        row.path("workflowName").asText(""),
        dag ? row.path("workflowName").asText(row.path("displayName").asText()) : taskName(row),
        row.path("displayName").asText(),
        RestRows.status(row.path("status")),
        dag ? TaskSummary.Kind.DAG : TaskSummary.Kind.TASK,
        RestRows.time(row.path("createdAt")),
        RestRows.time(row.path("startedAt")),
        RestRows.time(row.path("finishedAt")),
        RestRows.millis(row.path("duration")),
        RestRows.text(row.path("errorMessage")),
        row.path("retryCount").asInt(0),
        RestRows.textMap(row.path("additionalMetadata")),
        RestRows.payload(row.path("input"), runtime.mapper()),
        RestRows.payload(row.path("output"), runtime.mapper()),
        children);
  }

  /**
   * A task's declared name: the verb of its action id ({@code <workflow>:<task>}), since the
   * display name carries a timestamp; the display name when the engine sends no action id.
   */
  private static String taskName(JsonNode row) {
    String actionId = row.path("actionId").asText("");
    int colon = actionId.indexOf(':');
    return colon >= 0 ? actionId.substring(colon + 1) : row.path("displayName").asText();
  }
}
