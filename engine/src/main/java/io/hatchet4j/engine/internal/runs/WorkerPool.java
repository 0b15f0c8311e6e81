package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import java.util.Collection;
import java.util.Comparator;
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
   * Picks a worker for a task: connected, registered for its action, with free slots for it. The
   * preferred (sticky) worker wins if it qualifies; otherwise the least loaded one, ties going to
   * the one that got the fewest tasks so far.
   */
  @Nullable
  WorkerState pick(TaskState task, @Nullable String preferredWorkerId) {
    return pick(task, preferredWorkerId, w -> true);
  }

  /** Same, among the workers {@code allowed} also accepts. */
  @Nullable
  WorkerState pick(TaskState task, @Nullable String preferredWorkerId, Predicate<WorkerState> allowed) {
    Map<String, Integer> request = task.slotRequests();
    String tenantId = task.tenantId();
    String actionId = task.spec.actionId();
    if (preferredWorkerId != null) {
      WorkerState preferred = workers.get(preferredWorkerId);
      if (preferred != null && canRun(preferred, tenantId, actionId, request) && allowed.test(preferred)) {
        return preferred;
      }
    }
    return workers.values().stream()
        .filter(w -> canRun(w, tenantId, actionId, request) && allowed.test(w))
        .min(Comparator.<WorkerState>comparingDouble(w -> w.load(request))
            .thenComparingLong(w -> w.assignments))
        .orElse(null);
  }

  private static boolean canRun(WorkerState worker, String tenantId, String actionId, Map<String, Integer> request) {
    return worker.acceptsWork()
        && worker.record.tenantId().equals(tenantId)
        && worker.actions.contains(actionId)
        && worker.hasRoomFor(request);
  }
}
