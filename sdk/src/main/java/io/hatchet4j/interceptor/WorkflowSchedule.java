package io.hatchet4j.interceptor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request to run a workflow at future times, as it will go on the wire.
 *
 * @param workflowName the workflow's name, namespace included
 * @param input the input as JSON object text
 * @param additionalMetadata metadata stored with the runs
 * @param priority 1 to 3, or {@code null} for the workflow's default
 * @param triggerAt when to run, one run per instant
 */
public record WorkflowSchedule(
    String workflowName,
    String input,
    Map<String, String> additionalMetadata,
    Integer priority,
    List<Instant> triggerAt) {

  public WorkflowSchedule {
    requireNonNull(workflowName, "workflowName");
    requireNonNull(input, "input");
    additionalMetadata = Map.copyOf(requireNonNull(additionalMetadata, "additionalMetadata"));
    triggerAt = List.copyOf(requireNonNull(triggerAt, "triggerAt"));
  }

  /** A copy whose metadata is this one's with {@code entries} added, replacing equal keys. */
  public WorkflowSchedule withAdditionalMetadata(Map<String, String> entries) {
    Map<String, String> merged = new LinkedHashMap<>(additionalMetadata);
    merged.putAll(entries);
    return new WorkflowSchedule(workflowName, input, merged, priority, triggerAt);
  }
}
