package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.annotation.Nullable;

/** Known workers and the choice of a worker for a task. Confined to the scheduler thread. */
final class WorkerPool {
  private final Map<String, WorkerState> workers = new LinkedHashMap<>();

  void add(WorkerState worker) {
    workers.put(worker.id(), worker);
  }

  Collection<WorkerState> all() {
    return workers.values();
  }

  Optional<WorkerState> find(String workerId) {
    return Optional.ofNullable(workers.get(workerId));
  }

  /**
   * Returns the tenant's worker with this id.
   *
   * @throws EngineException NOT_FOUND if there is none; another tenant's worker is not found either
   */
  WorkerState require(String tenantId, String workerId) {
    WorkerState worker = workers.get(workerId);
    if (worker == null || !worker.record.tenantId().equals(tenantId)) {
      throw EngineException.notFound("worker not found: " + workerId);
    }
    return worker;
  }

  /**
   * Picks a worker for a task: connected, registered for its action, with free slots for it, and
   * {@code allowed}. Among those, the {@link WorkerRanking best ranked} (workers it ranks negative
   * are out), then the least loaded, ties going to the one that got the fewest tasks so far.
   */
  @Nullable
  WorkerState pick(TaskState task, Predicate<WorkerState> allowed) {
    Map<String, Integer> request = task.slotRequests();
    String tenantId = task.tenantId();
    String actionId = task.spec.actionId();
    WorkerState best = null;
    int bestRank = -1;
    for (WorkerState worker : workers.values()) {
      if (!canRun(worker, tenantId, actionId, request)) {
        continue;
      }
      int rank = WorkerRanking.rank(task, worker);
      if (rank < 0 || rank < bestRank || !allowed.test(worker)) {
        continue;
      }
      if (best == null || rank > bestRank || LEAST_LOADED.compare(worker, best, request) < 0) {
        best = worker;
        bestRank = rank;
      }
    }
    return best;
  }

  /** Orders workers by load for a request, then by assignments so far. */
  private interface Load {
    int compare(WorkerState a, WorkerState b, Map<String, Integer> request);
  }

  private static final Load LEAST_LOADED = (a, b, request) -> {
    int byLoad = Double.compare(a.load(request), b.load(request));
    return byLoad != 0 ? byLoad : Long.compare(a.assignments, b.assignments);
  };

  private static boolean canRun(WorkerState worker, String tenantId, String actionId, Map<String, Integer> request) {
    return worker.acceptsWork()
        && worker.record.tenantId().equals(tenantId)
        && worker.actions.contains(actionId)
        && worker.hasRoomFor(request);
  }
}
