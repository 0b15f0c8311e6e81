package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Which workflow runs a listing, a cancel or a replay selects, as upstream's {@code V1TaskFilter}
 * and run list query. Every criterion that is set must hold. Not public API.
 *
 * @param sinceMs runs created at or after this time
 * @param untilMs runs created at or before this time
 * @param statuses empty for any status
 * @param workflowIds empty for any workflow
 * @param additionalMetadata key and value pairs the run's metadata must all have
 */
public record RunFilter(
    @Nullable Long sinceMs,
    @Nullable Long untilMs,
    Set<RunStatus> statuses,
    Set<String> workflowIds,
    Map<String, String> additionalMetadata,
    @Nullable String parentTaskRunId,
    @Nullable String triggeringEventId) {

  /** Selects every run. */
  public static final RunFilter ALL = new RunFilter(null, null, Set.of(), Set.of(), Map.of(), null, null);

  public RunFilter {
    statuses = Set.copyOf(statuses);
    workflowIds = Set.copyOf(workflowIds);
    additionalMetadata = Map.copyOf(additionalMetadata);
  }

  /** The checks that need no snapshot of the run. */
  boolean matchesCheaply(long createdAtMs, RunStatus status) {
    return (sinceMs == null || createdAtMs >= sinceMs)
        && (untilMs == null || createdAtMs <= untilMs)
        && (statuses.isEmpty() || statuses.contains(status));
  }

  public boolean matches(RunView run) {
    if (!matchesCheaply(run.createdAtMs(), run.status())) {
      return false;
    }
    if (!workflowIds.isEmpty() && !workflowIds.contains(run.workflowId())) {
      return false;
    }
    if (parentTaskRunId != null && !parentTaskRunId.equals(run.parentTaskRunId())) {
      return false;
    }
    if (triggeringEventId != null && !triggeringEventId.equals(run.triggeringEventId())) {
      return false;
    }
    if (!additionalMetadata.isEmpty()) {
      ObjectNode metadata = Json.parseObjectOrNull(run.additionalMetadata());
      for (Map.Entry<String, String> e : additionalMetadata.entrySet()) {
        JsonNode value = metadata == null ? null : metadata.get(e.getKey());
        if (value == null || !(value.isTextual() ? value.textValue() : value.toString()).equals(e.getValue())) {
          return false;
        }
      }
    }
    return true;
  }

  /** A run status by its protocol name, such as {@code COMPLETED}. */
  public static RunStatus status(String name) {
    try {
      return RunStatus.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw io.hatchet4j.engine.internal.EngineException.invalidArgument(
          "unknown status '" + name + "' (use QUEUED, RUNNING, COMPLETED, FAILED or CANCELLED)");
    }
  }

  /** Reads {@code key:value} pairs as the SDKs send them; a pair without a colon is an error. */
  public static Map<String, String> metadataPairs(List<String> pairs) {
    java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
    for (String pair : pairs) {
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        throw io.hatchet4j.engine.internal.EngineException.invalidArgument(
            "additional metadata filter '" + pair + "' must be key:value");
      }
      map.put(pair.substring(0, colon), pair.substring(colon + 1));
    }
    return map;
  }
}
