package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.LogLevel;
import io.hatchet4j.features.LogLine;
import io.hatchet4j.features.LogQuery;
import io.hatchet4j.features.Logs;
import java.util.List;

/** {@link Logs} over the engine's v1 task log route. Not public API; thread-safe. */
final class RestLogs implements Logs {
  private final ClientRuntime runtime;
  private final RestClient rest;

  RestLogs(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
  }

  @Override
  public List<LogLine> list(String taskRunId, LogQuery query) {
    requireNonNull(query, "query");
    RestQuery params = new RestQuery()
        .add("limit", query.limit())
        .addTime("since", query.since().orElse(null))
        .addTime("until", query.until().orElse(null))
        .add("search", query.search().orElse(null))
        .addAll("levels", query.levels().stream().map(Enum::name).toList())
        .add("order_by_direction", query.newestFirst() ? "DESC" : "ASC");
    JsonNode lines = rest.get("/api/v1/stable/tasks/" + RestClient.encode(requireNonNull(taskRunId, "taskRunId"))
        + "/logs" + params, "reading the logs of task run " + taskRunId);
    return RestRows.rows(lines, this::line);
  }

  /** A level the engine stored, or null for none or one this SDK does not know. */
  private static LogLevel level(String text) {
    for (LogLevel level : LogLevel.values()) {
      if (level.name().equals(text)) {
        return level;
      }
    }
    return null;
  }

  /** Upstream's {@code V1LogLine}. */
  private LogLine line(JsonNode row) {
    String level = RestRows.text(row.path("level"));
    return new LogLine(
        RestRows.time(row.path("createdAt")),
        row.path("message").asText(),
        level(level),
        row.path("attempt").asInt(0),
        RestRows.payload(row.path("metadata"), runtime.mapper()));
  }
}
