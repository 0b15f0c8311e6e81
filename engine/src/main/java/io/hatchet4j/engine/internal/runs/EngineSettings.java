package io.hatchet4j.engine.internal.runs;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The timing rules of the run engine. Not public API.
 *
 * @param heartbeatTimeout how long a worker without stream and heartbeat is kept before its tasks move
 * @param defaultExecutionTimeout for tasks that name no timeout
 * @param defaultScheduleTimeout for tasks that name no schedule timeout
 * @param retention how long finished runs, events and traces are kept after they were created
 */
public record EngineSettings(
    Duration heartbeatTimeout, Duration defaultExecutionTimeout, Duration defaultScheduleTimeout, Duration retention) {
  /** Upstream's default data retention period of a tenant (720h). */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public EngineSettings {
    requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    requireNonNull(defaultExecutionTimeout, "defaultExecutionTimeout");
    requireNonNull(defaultScheduleTimeout, "defaultScheduleTimeout");
    requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
  }

  public EngineSettings(Duration heartbeatTimeout, Duration defaultExecutionTimeout, Duration defaultScheduleTimeout) {
    this(heartbeatTimeout, defaultExecutionTimeout, defaultScheduleTimeout, DEFAULT_RETENTION);
  }
}
