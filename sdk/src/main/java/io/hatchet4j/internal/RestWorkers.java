package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.features.WorkerInfo;
import io.hatchet4j.features.Workers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link Workers} over the engine's worker routes. Not public API; thread-safe. */
final class RestWorkers implements Workers {
  private final ClientRuntime runtime;
  private final RestClient rest;

  RestWorkers(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
  }

  @Override
  public List<WorkerInfo> list() {
    return RestRows.rows(rest.get(rest.tenantPath("/worker"), "listing workers"), RestWorkers::info);
  }

  @Override
  public WorkerInfo get(String workerId) {
    return info(rest.get(path(workerId), "reading worker " + workerId));
  }

  @Override
  public WorkerInfo pause(String workerId) {
    return setPaused(workerId, true);
  }

  @Override
  public WorkerInfo unpause(String workerId) {
    return setPaused(workerId, false);
  }

  /** {@code PATCH {"isPaused": ...}}, as the official SDKs send on pause and shutdown. */
  private WorkerInfo setPaused(String workerId, boolean paused) {
    return info(rest.patch(path(workerId), runtime.mapper().createObjectNode().put("isPaused", paused),
        (paused ? "pausing" : "unpausing") + " worker " + workerId));
  }

  private static String path(String workerId) {
    return "/api/v1/workers/" + RestClient.encode(requireNonNull(workerId, "workerId"));
  }

  /** Upstream's {@code Worker}. */
  private static WorkerInfo info(JsonNode row) {
    Map<String, String> labels = new LinkedHashMap<>();
    row.path("labels").forEach(label -> labels.put(label.path("key").asText(), label.path("value").asText("")));
    String status = row.path("status").asText("ACTIVE").toUpperCase(Locale.ROOT);
    return new WorkerInfo(
        RestRows.id(row),
        row.path("name").asText(),
        WorkerInfo.Status.valueOf(status),
        RestRows.time(row.path("lastHeartbeatAt")),
        RestRows.texts(row.path("actions")),
        row.path("maxRuns").asInt(0),
        row.path("availableRuns").asInt(0),
        labels);
  }
}
