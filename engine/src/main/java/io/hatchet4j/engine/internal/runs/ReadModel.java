package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * What the REST API and the dashboard read: views of runs, workers and events, built from the live
 * state. Reads only. Confined to the scheduler thread.
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

  RunView run(String tenantId, String runId) {
    return table.requireRun(tenantId, runId).toView();
  }

  /** The run a task run belongs to. */
  RunView runOfTask(String tenantId, String taskRunId) {
    return table.requireTask(tenantId, taskRunId).run.toView();
  }

  /** The tenant's runs, newest first. */
  List<RunView> runs(String tenantId) {
    return runs(tenantId, null);
  }

  /** The tenant's runs that the filter selects (all if it is null), newest first. */
  List<RunView> runs(String tenantId, @Nullable RunFilter filter) {
    List<RunView> views = new ArrayList<>();
    for (RunState run : table.runs()) {
      if (!run.tenantId.equals(tenantId)) {
        continue;
      }
      if (filter == null) {
        views.add(run.toView());
      } else if (filter.matchesCheaply(run.createdAtMs, run.status)) {
        RunView view = run.toView();
        if (filter.matches(view)) {
          views.add(view);
        }
      }
    }
    views.sort(Comparator.comparingLong(RunView::createdAtMs).reversed());
    return views;
  }

  WorkerView worker(String tenantId, String workerId) {
    return workers.require(tenantId, Ids.require(workerId, "worker id")).toView();
  }

  List<WorkerView> workers(String tenantId) {
    return workers.all().stream().filter(w -> w.record.tenantId().equals(tenantId)).map(WorkerState::toView).toList();
  }

  /** The tenant's events, newest first, each with the statuses of the runs it started. */
  List<EventView> events(String tenantId) {
    List<EventView> views = new ArrayList<>();
    for (EventRecord event : store.events().values()) {
      if (!event.tenantId().equals(tenantId)) {
        continue;
      }
      Map<RunStatus, Integer> counts = new HashMap<>();
      for (String runId : event.triggeredRunIds()) {
        RunState run = table.run(runId);
        if (run != null) {
          counts.merge(run.status, 1, Integer::sum);
        }
      }
      views.add(new EventView(event, counts));
    }
    views.sort(Comparator.comparingLong((EventView v) -> v.event().createdAtMs()).reversed());
    return views;
  }
}
