package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushed events: their checks, the workflows they trigger through the workflows' event filters
 * ({@link EventFilters}),
 * and their storage. Confined to the scheduler thread.
 */
final class EventIngest {
  private final EngineStore store;
  private final Catalog catalog;
  private final Effects effects;
  private final RunListener listener;
  private final RunLauncher launcher;
  private final DurableLog durable;
  private final EventFilters filters;

  EventIngest(EngineStore store, Catalog catalog, Effects effects, RunListener listener, RunLauncher launcher,
      DurableLog durable, EventFilters filters) {
    this.store = store;
    this.catalog = catalog;
    this.effects = effects;
    this.listener = listener;
    this.launcher = launcher;
    this.durable = durable;
    this.filters = filters;
  }

  /** Stores events and starts every workflow whose event triggers name their key. */
  List<EventRecord> pushEvents(String tenantId, List<EventSpec> specs) {
    if (specs.isEmpty()) {
      throw EngineException.invalidArgument("at least one event is required");
    }
    if (specs.size() > RunLauncher.MAX_BULK_SIZE) {
      throw EngineException.invalidArgument(
          "at most " + RunLauncher.MAX_BULK_SIZE + " events per request, got " + specs.size());
    }
    /** A run to start, with the payload of the filter that passed it (null without filters). */
    record Started(RunLauncher.NewRun run, String filterPayload) {}
    record CheckedEvent(String id, EventSpec spec, String payload, String metadata, List<Started> runs) {}
    List<CheckedEvent> checked = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      EventSpec spec = specs.get(i);
      String where = specs.size() == 1 ? "" : "event #" + (i + 1) + ": ";
      String payload = Json.requireObject(spec.payload(), where + "payload");
      String metadata = Json.requireObject(spec.additionalMetadata(), where + "additional_metadata");
      String eventId = Ids.newId();
      // The runs an event starts carry its metadata and its id, as upstream's do.
      ObjectNode runMetadata = Json.parseObjectOrNull(metadata);
      runMetadata.put(RunLauncher.HATCHET_PREFIX + "event_id", eventId);
      List<Started> triggered = new ArrayList<>();
      for (WorkflowVersionRecord version : catalog.triggeredBy(tenantId, spec.key())) {
        // One run per passing filter, as upstream starts them.
        for (String filterPayload : filters.runsFor(version, eventId, spec, payload, metadata)) {
          TriggerSpec trigger = new TriggerSpec(version.name(), payload, runMetadata.toString(), null, null, null,
              null, spec.priority(), null);
          triggered.add(new Started(new RunLauncher.NewRun(version, payload, runMetadata.toString(),
              RunLauncher.priority(spec.priority(), version, where), trigger, null), filterPayload));
        }
      }
      checked.add(new CheckedEvent(eventId, spec, payload, metadata, triggered));
    }
    List<EventRecord> events = new ArrayList<>();
    for (CheckedEvent c : checked) {
      EventRecord event = new EventRecord(c.id, tenantId, c.spec.key(), c.payload, c.metadata,
          c.spec.scope(), c.spec.priority(), effects.nowMs(), List.of());
      List<String> runIds = new ArrayList<>();
      for (Started started : c.runs) {
        String runId = launcher.start(tenantId, started.run(), event);
        if (started.filterPayload() != null) {
          launcher.useFilterPayload(runId, started.filterPayload());
        }
        runIds.add(runId);
      }
      EventRecord stored = new EventRecord(event.id(), tenantId, event.key(), event.payload(),
          event.additionalMetadata(), event.scope(), event.priority(), event.createdAtMs(), runIds);
      store.events().put(stored.id(), stored);
      durable.onEvent(stored);
      listener.eventPushed(stored);
      events.add(stored);
    }
    return events;
  }
}
