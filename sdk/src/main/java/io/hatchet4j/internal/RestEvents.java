package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.features.EventInfo;
import io.hatchet4j.features.EventQuery;
import io.hatchet4j.features.Events;
import io.hatchet4j.features.Paged;
import java.util.ArrayList;
import java.util.List;

/** {@link Events} over the engine's v1 event routes. Not public API; thread-safe. */
final class RestEvents implements Events {
  private final ClientRuntime runtime;
  private final RestClient rest;
  private final WorkflowLookup workflows;

  RestEvents(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
    this.workflows = new WorkflowLookup(runtime);
  }

  @Override
  public Paged<EventInfo> list(EventQuery query) {
    requireNonNull(query, "query");
    RestQuery base = new RestQuery()
        .addAll("keys", query.keys().stream().map(runtime.config()::applyNamespace).toList())
        .addTime("since", query.since().orElse(null))
        .addTime("until", query.until().orElse(null))
        .addAll("workflowIds", query.workflowNames().stream().map(workflows::id).toList())
        .addAll("workflowRunStatuses", query.runStatuses().stream().map(Enum::name).toList())
        .addAll("eventIds", query.eventIds())
        .addMetadata("additionalMetadata", query.additionalMetadata())
        .addAll("scopes", query.scopes());
    String path = rest.stableTenantPath("/events");
    return new LazyPages<>(query.pageSize(), (offset, limit) -> RestRows.rows(
        rest.get(path + base.page(offset, limit), "listing events"),
        this::info));
  }

  @Override
  public EventInfo get(String eventId) {
    return info(rest.get(rest.stableTenantPath("/events/" + RestClient.encode(requireNonNull(eventId, "eventId"))),
        "reading event " + eventId));
  }

  /** Upstream's {@code V1Event}. */
  private EventInfo info(JsonNode row) {
    JsonNode counts = row.path("workflowRunSummary");
    List<String> runIds = new ArrayList<>();
    row.path("triggeredRuns").forEach(run -> runIds.add(run.path("workflowRunId").asText()));
    return new EventInfo(
        RestRows.id(row),
        row.path("key").asText(),
        RestRows.payload(row.path("payload"), runtime.mapper()),
        RestRows.textMap(row.path("additionalMetadata")),
        RestRows.text(row.path("scope")),
        RestRows.time(row.path("seenAt")),
        new EventInfo.RunCounts(counts.path("queued").asInt(), counts.path("running").asInt(),
            counts.path("succeeded").asInt(), counts.path("failed").asInt(), counts.path("cancelled").asInt()),
        runIds);
  }
}
