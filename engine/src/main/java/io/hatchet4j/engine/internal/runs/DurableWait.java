package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.WaitCondition;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A durable task's request to wait ({@code wait_for}). Not public API.
 *
 * @param conditions as sent; deadlines and data are filled by the engine
 */
public record DurableWait(String taskRunId, int invocationCount, List<WaitCondition> conditions, @Nullable String label) {
  public DurableWait {
    conditions = List.copyOf(conditions);
  }

  /** An entry a worker still awaits, from its status poll. */
  public record Awaited(String taskRunId, int invocationCount, long nodeId) {}
}
