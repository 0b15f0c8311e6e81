package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.LabelValue;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a worker. Not public API.
 *
 * @param status {@code ACTIVE}, {@code INACTIVE} (no stream, or shutting down) or {@code PAUSED}
 * @param usedSlots slot units in use per slot type
 */
public record WorkerView(
    String id,
    String tenantId,
    String name,
    List<String> actions,
    Map<String, Integer> slotConfig,
    Map<String, Integer> usedSlots,
    Map<String, LabelValue> labels,
    long registeredAtMs,
    long lastSeenMs,
    String status,
    boolean paused,
    int runningTasks) {

  public WorkerView {
    actions = List.copyOf(actions);
    slotConfig = Map.copyOf(slotConfig);
    usedSlots = Map.copyOf(usedSlots);
    labels = Map.copyOf(labels);
  }
}
