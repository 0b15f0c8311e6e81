package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.features.Metrics;
import io.hatchet4j.features.RunFilter;
import io.hatchet4j.features.TaskMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link Metrics} over the engine's metrics routes. Not public API; thread-safe. */
final class RestMetrics implements Metrics {
  private final RestClient rest;
  private final RestRuns runs;

  RestMetrics(ClientRuntime runtime, RestRuns runs) {
    this.rest = runtime.rest();
    this.runs = runs;
  }

  @Override
  public TaskMetrics taskMetrics(RunFilter filter) {
    requireNonNull(filter, "filter");
    RestQuery query = new RestQuery()
        .addTime("since", RestRuns.since(filter))
        // As Python's client: until defaults to now.
        .addTime("until", filter.until().orElseGet(Instant::now))
        .addAll("workflow_ids", runs.workflowIds(filter))
        .add("parent_task_external_id", filter.parentTaskRunId().orElse(null))
        .add("triggering_event_external_id", filter.triggeringEventId().orElse(null))
        .addMetadata("additional_metadata", filter.additionalMetadata());
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JsonNode metric : rest.get(rest.stableTenantPath("/task-metrics") + query, "reading task metrics")) {
      counts.put(metric.path("status").asText(), metric.path("count").asInt());
    }
    return new TaskMetrics(counts.getOrDefault("QUEUED", 0), counts.getOrDefault("RUNNING", 0),
        counts.getOrDefault("COMPLETED", 0), counts.getOrDefault("FAILED", 0), counts.getOrDefault("CANCELLED", 0));
  }

  @Override
  public Map<String, Integer> queueMetrics() {
    Map<String, Integer> queues = new LinkedHashMap<>();
    rest.get(rest.tenantPath("/step-run-queue-metrics"), "reading queue metrics").path("queues").fields()
        .forEachRemaining(queue -> queues.put(queue.getKey(), queue.getValue().asInt()));
    return Map.copyOf(queues);
  }
}
