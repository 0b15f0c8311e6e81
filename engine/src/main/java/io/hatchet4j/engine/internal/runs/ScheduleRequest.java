package io.hatchet4j.engine.internal.runs;

import java.util.List;
import javax.annotation.Nullable;

/**
 * A request to run a workflow at future times, one run per time. Not public API.
 *
 * @param input JSON object text; blank means {@code {}}
 * @param triggerAtMs epoch milliseconds; none may be more than a second in the past
 * @param viaRest whether it came over REST (upstream's method {@code API}) or gRPC ({@code DEFAULT})
 */
public record ScheduleRequest(
    String workflowName,
    @Nullable String input,
    @Nullable String additionalMetadata,
    @Nullable Integer priority,
    List<Long> triggerAtMs,
    @Nullable String parentWorkflowRunId,
    @Nullable String parentTaskRunId,
    @Nullable Integer childIndex,
    @Nullable String childKey,
    boolean viaRest) {

  public ScheduleRequest {
    triggerAtMs = List.copyOf(triggerAtMs);
  }
}
