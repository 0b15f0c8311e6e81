package io.hatchet4j.engine.internal.model;

import java.util.List;
import java.util.Map;

/**
 * A registered worker. Kept across restarts so a worker that reconnects with its id after an engine
 * restart is still known. Not public API.
 *
 * @param slotConfig slot type to number of slots, such as {@code {"default": 100}}
 * @param paused whether it was paused over REST: it keeps its tasks but gets no new ones
 */
public record WorkerRecord(
    String id,
    String tenantId,
    String name,
    List<String> actions,
    Map<String, Integer> slotConfig,
    Map<String, LabelValue> labels,
    long registeredAtMs,
    boolean paused) {

  public WorkerRecord {
    actions = List.copyOf(actions);
    slotConfig = Map.copyOf(slotConfig);
    labels = Map.copyOf(labels);
  }

  public WorkerRecord withLabels(Map<String, LabelValue> newLabels) {
    return new WorkerRecord(id, tenantId, name, actions, slotConfig, newLabels, registeredAtMs, paused);
  }

  public WorkerRecord withPaused(boolean newPaused) {
    return new WorkerRecord(id, tenantId, name, actions, slotConfig, labels, registeredAtMs, newPaused);
  }
}
