package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import java.util.Map;

/** A stored event and how many of the runs it started are in each status. Not public API. */
public record EventView(EventRecord event, Map<RunStatus, Integer> runCounts) {
  public EventView {
    runCounts = Map.copyOf(runCounts);
  }

  public int count(RunStatus status) {
    return runCounts.getOrDefault(status, 0);
  }
}
