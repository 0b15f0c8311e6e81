package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.LabelValue;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A worker's registration. Not public API.
 *
 * @param slotConfig slot type to slots; may be empty
 * @param legacySlots the deprecated single slot count, or null
 */
public record WorkerSpec(
    String name,
    List<String> actions,
    Map<String, Integer> slotConfig,
    @Nullable Integer legacySlots,
    Map<String, LabelValue> labels) {

  public WorkerSpec {
    actions = List.copyOf(actions);
    slotConfig = Map.copyOf(slotConfig);
    labels = Map.copyOf(labels);
  }
}
