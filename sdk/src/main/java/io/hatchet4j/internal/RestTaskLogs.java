package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.LogLevel;
import io.hatchet4j.LogLine;
import io.hatchet4j.TaskLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@link TaskLogs} over the engine's {@code V1LogLineList} route. Not public API. */
public final class RestTaskLogs implements TaskLogs {
  /** Upstream's bounds on {@code limit}. */
  private static final int MAX_LIMIT = 10_000;

  private final ClientRuntime runtime;

  public RestTaskLogs(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public List<LogLine> list(String taskRunId, int limit) {
    requireNonNull(taskRunId, "taskRunId");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
    }
    JsonNode body = runtime.rest().get(
        "/api/v1/stable/tasks/" + RestClient.encode(taskRunId) + "/logs"
            + RestClient.query(Map.of("limit", limit, "order_by_direction", "ASC")),
        "listing the logs of task run " + taskRunId);
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode row : body.path("rows")) {
      lines.add(line(row));
    }
    return lines;
  }

  private LogLine line(JsonNode row) {
    Optional<LogLevel> level = Optional.empty();
    String levelText = row.path("level").asText("");
    for (LogLevel candidate : LogLevel.values()) {
      if (candidate.name().equals(levelText)) {
        level = Optional.of(candidate);
      }
    }
    JsonNode metadata = row.path("metadata");
    return new LogLine(
        Instant.parse(row.path("createdAt").asText()),
        row.path("message").asText(""),
        level,
        row.hasNonNull("attempt") ? OptionalInt.of(row.path("attempt").asInt()) : OptionalInt.empty(),
        metadata.isObject() ? metadata : runtime.mapper().createObjectNode());
  }
}
