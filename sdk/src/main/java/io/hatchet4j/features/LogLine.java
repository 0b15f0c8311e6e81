package io.hatchet4j.features;

import io.hatchet4j.LogLevel;
import java.time.Instant;
import java.util.Optional;

/**
 * A line a task logged (upstream's {@code V1LogLine}).
 *
 * @param level null if it was logged without one
 * @param attempt the attempt that logged it (1 for the first), or 0 if the engine did not say
 * @param metadata what was logged with it, a JSON object
 */
public record LogLine(Instant createdAt, String message, LogLevel level, int attempt, Payload metadata) {

  /** The level, if the line was logged with one. */
  public Optional<LogLevel> levelIfAny() {
    return Optional.ofNullable(level);
  }
}
