package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One log line of a task run, as the engine stores it.
 *
 * @param createdAt when the task wrote it
 * @param message the line
 * @param level its level, if it was given one
 * @param attempt the attempt that wrote it (1 for the first), if known
 * @param metadata the metadata object the line was stored with ({@code {}} if none)
 */
public record LogLine(Instant createdAt, String message, Optional<LogLevel> level, OptionalInt attempt, JsonNode metadata) {

  public LogLine {
    requireNonNull(createdAt, "createdAt");
    requireNonNull(message, "message");
    requireNonNull(level, "level");
    requireNonNull(attempt, "attempt");
    requireNonNull(metadata, "metadata");
  }
}
