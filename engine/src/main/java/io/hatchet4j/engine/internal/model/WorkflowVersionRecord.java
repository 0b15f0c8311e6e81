package io.hatchet4j.engine.internal.model;

import java.util.Map;

/**
 * One registered version of a workflow. Runs keep the version they were triggered with.
 *
 * <p>Not public API.
 *
 * @param workflowId stable per tenant and name across versions
 * @param order 1 for the first version of a workflow, then counting up
 * @param fingerprint a digest of {@code spec}; registering an identical definition again returns
 *     this version instead of making a new one
 * @param taskIds readable id to task definition id, including the on-failure task
 */
public record WorkflowVersionRecord(
    String id,
    String workflowId,
    String tenantId,
    long order,
    long createdAtMs,
    String fingerprint,
    WorkflowSpec spec,
    Map<String, String> taskIds) {

  public WorkflowVersionRecord {
    taskIds = Map.copyOf(taskIds);
  }

  public String name() {
    return spec.name();
  }
}
