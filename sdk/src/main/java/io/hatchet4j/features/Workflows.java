package io.hatchet4j.features;

import io.hatchet4j.workflow.Workflow;
import java.util.Optional;

/**
 * The workflows registered with the engine: list, read and delete; from {@link
 * io.hatchet4j.Hatchet#workflows()}. Thread-safe; calls block.
 *
 * <p>Deleting a workflow (as upstream does) stops it being listed and triggered, stops its cron
 * triggers and pending scheduled runs and removes its filters; its runs stay. A worker that
 * registers the name again creates a new workflow, with a new id.
 */
public interface Workflows {

  /** The tenant's workflows, newest first, fetched page by page. */
  Paged<WorkflowInfo> list();

  /** The workflows whose name contains {@code name} (namespace applied), ignoring case. */
  Paged<WorkflowInfo> list(String name);

  /**
   * A workflow by id.
   *
   * @throws io.hatchet4j.EngineException NOT_FOUND for an unknown id
   */
  WorkflowInfo get(String workflowId);

  /** The registered workflow of this definition, by its exact (namespaced) name. */
  Optional<WorkflowInfo> find(Workflow<?, ?> workflow);

  /**
   * The engine's id of a registered workflow.
   *
   * @throws io.hatchet4j.EngineException NOT_FOUND if it is not registered
   */
  String id(Workflow<?, ?> workflow);

  /** Deletes a workflow by id. */
  void delete(String workflowId);

  /** Deletes the registered workflow of this definition. */
  default void delete(Workflow<?, ?> workflow) {
    delete(id(workflow));
  }
}
