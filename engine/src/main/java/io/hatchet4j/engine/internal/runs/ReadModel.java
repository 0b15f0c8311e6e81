package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the REST API reads of workers, built from the live state, and of events, from the store.
 * Runs are read from the store by {@link StoredRuns}. Reads only; worker views are confined to the
 * scheduler thread, events may be read on any.
 */
final class ReadModel {
  private final RunTable table;
  private final WorkerPool workers;
  private final EngineStore store;

  ReadModel(RunTable table, WorkerPool workers, EngineStore store) {
    this.table = table;
    this.workers = workers;
    this.store = store;
  }

  WorkerView worker(String tenantId, String workerId) {
    return workers.require(tenantId, Ids.require(workerId, "worker id")).toView();
  }

  List<WorkerView> workers(String tenantId) {
    return workers.all().stream().filter(w -> w.record.tenantId().equals(tenantId)).map(WorkerState::toView).toList();
  }

  /** The tenant's events, newest first, each with the statuses of the runs it started. */
  static List<EventView> events(EngineStore store, String tenantId) {
    List<EventView> views = new ArrayList<>();
    Iterator<String> ids = store.runIndex().eventsNewestFirst(tenantId, null, null);
    while (ids.hasNext()) {
      EventRecord event = store.events().get(ids.next()).orElse(null);
      if (event == null || !event.tenantId().equals(tenantId)) {
        continue;
      }
      Map<RunStatus, Integer> counts = new HashMap<>();
      for (String runId : event.triggeredRunIds()) {
        store.workflowRuns().get(runId).ifPresent(run -> counts.merge(run.status(), 1, Integer::sum));
      }
      views.add(new EventView(event, counts));
    }
    return views;
  }
}
