package io.hatchet4j.features;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A worker as the engine sees it (upstream's {@code Worker}).
 *
 * @param actions the actions (tasks) it registered, {@code workflow:task}
 * @param maxRuns its slots
 * @param availableRuns its free slots
 * @param labels its labels, values as text
 */
public record WorkerInfo(
    String id,
    String name,
    Status status,
    Instant lastHeartbeatAt,
    List<String> actions,
    int maxRuns,
    int availableRuns,
    Map<String, String> labels) {

  /** Whether a worker takes tasks. */
  public enum Status {
    /** Connected and taking tasks. */
    ACTIVE,
    /** Not heard from lately. */
    INACTIVE,
    /** Connected, keeping its tasks, but assigned no new ones. */
    PAUSED
  }

  public WorkerInfo {
    actions = List.copyOf(actions);
    labels = Map.copyOf(labels);
  }
}
