package io.hatchet4j.engine.internal.runs;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The timing rules of the run engine. Not public API.
 *
 * @param heartbeatTimeout how long a worker without stream and heartbeat is kept before its tasks move
 * @param defaultExecutionTimeout for tasks that name no timeout
 * @param defaultScheduleTimeout for tasks that name no schedule timeout
 */
public record EngineSettings(
    Duration heartbeatTimeout, Duration defaultExecutionTimeout, Duration defaultScheduleTimeout) {
  public EngineSettings {
    requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    requireNonNull(defaultExecutionTimeout, "defaultExecutionTimeout");
    requireNonNull(defaultScheduleTimeout, "defaultScheduleTimeout");
  }
}
