package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.features.Paged;
import io.hatchet4j.features.WorkflowInfo;
import io.hatchet4j.features.Workflows;
import io.hatchet4j.workflow.Workflow;
import java.util.Optional;

/** {@link Workflows} over the engine's workflow routes. Not public API; thread-safe. */
final class RestWorkflows implements Workflows {
  private static final int PAGE_SIZE = 50;

  private final ClientRuntime runtime;
  private final RestClient rest;
  private final WorkflowLookup lookup;

  RestWorkflows(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
    this.lookup = new WorkflowLookup(runtime);
  }

  @Override
  public Paged<WorkflowInfo> list() {
    return listing(null);
  }

  @Override
  public Paged<WorkflowInfo> list(String name) {
    return listing(runtime.config().applyNamespace(requireNonNull(name, "name")));
  }

  private Paged<WorkflowInfo> listing(String name) {
    String path = rest.tenantPath("/workflows");
    RestQuery query = new RestQuery().add("name", name);
    return new LazyPages<>(PAGE_SIZE, (offset, limit) -> RestRows.rows(
        rest.get(path + query.page(offset, limit), "listing workflows"),
        RestWorkflows::info));
  }

  @Override
  public WorkflowInfo get(String workflowId) {
    return info(rest.get(path(workflowId), "reading workflow " + workflowId));
  }

  @Override
  public Optional<WorkflowInfo> find(Workflow<?, ?> workflow) {
    return lookup.find(requireNonNull(workflow, "workflow").name()).map(RestWorkflows::info);
  }

  @Override
  public String id(Workflow<?, ?> workflow) {
    return lookup.id(requireNonNull(workflow, "workflow").name());
  }

  @Override
  public void delete(String workflowId) {
    rest.delete(path(workflowId), "deleting workflow " + workflowId);
  }

  private static String path(String workflowId) {
    return "/api/v1/workflows/" + RestClient.encode(requireNonNull(workflowId, "workflowId"));
  }

  /** Upstream's {@code Workflow}. */
  private static WorkflowInfo info(JsonNode row) {
    JsonNode latest = row.path("versions").path(0);
    return new WorkflowInfo(
        RestRows.id(row),
        row.path("name").asText(),
        row.path("description").asText(""),
        latest.path("version").asText(""),
        row.path("isPaused").asBoolean(false),
        RestRows.time(row.path("metadata").path("createdAt")),
        RestRows.time(row.path("metadata").path("updatedAt")));
  }
}
