package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import io.hatchet4j.engine.internal.store.RunIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Nullable;

/**
 * Runs as the store has them, read on any thread: the scheduler writes every change through at
 * once, so the store knows every run, finished or not, while the scheduler keeps only the
 * unfinished ones in memory. Listings page through the store's indexes and read only the runs on
 * their page.
 *
 * <p>Not public API. Thread-safe. A run read while the scheduler changes it may show its newest
 * tasks with its previous status, never the reverse.
 */
public final class StoredRuns {
  private final EngineStore store;
  private final Map<String, WorkflowVersionRecord> versions = new ConcurrentHashMap<>();

  StoredRuns(EngineStore store) {
    this.store = store;
  }

  public RunIndex index() {
    return store.runIndex();
  }

  /** The tenant's run with this id, or empty. */
  public Optional<RunView> run(String tenantId, String runId) {
    return store.read(() -> runNow(tenantId, runId));
  }

  private Optional<RunView> runNow(String tenantId, String runId) {
    return store.workflowRuns().get(runId).filter(r -> r.tenantId().equals(tenantId)).flatMap(this::view);
  }

  /** The run a task run of the tenant belongs to, or empty. */
  public Optional<RunView> runOfTask(String tenantId, String taskRunId) {
    return store.read(() -> store.taskRuns().get(taskRunId)
        .filter(t -> t.tenantId().equals(tenantId))
        .flatMap(t -> runNow(tenantId, t.workflowRunId())));
  }

  public Optional<TaskRunRecord> task(String tenantId, String taskRunId) {
    return store.taskRuns().get(taskRunId).filter(t -> t.tenantId().equals(tenantId));
  }

  /** A task run's log lines in the order they arrived; empty if the tenant has no such task run. */
  public Optional<List<io.hatchet4j.engine.internal.model.LogRecord>> logs(String tenantId, String taskRunId) {
    return store.read(() -> task(tenantId, taskRunId).map(t -> store.logs().valuesWithKeyPrefix(t.id() + "/")));
  }

  /** The tenant's events, newest first, each with the statuses of the runs it started. */
  public List<EventView> events(String tenantId) {
    return store.read(() -> ReadModel.events(store, tenantId));
  }

  @Nullable
  public RunStatus status(String tenantId, String runId) {
    return store.workflowRuns().get(runId).filter(r -> r.tenantId().equals(tenantId))
        .map(WorkflowRunRecord::status).orElse(null);
  }

  /** A page of the runs the filter selects, newest first, with how many it selects in all. */
  public record Page(List<RunView> rows, long total) {}

  public Page page(String tenantId, RunFilter filter, long offset, int limit) {
    return store.read(() -> pageNow(tenantId, filter, offset, limit));
  }

  private Page pageNow(String tenantId, RunFilter filter, long offset, int limit) {
    RunIndex index = store.runIndex();
    if (filter.additionalMetadata().isEmpty() && filter.parentTaskRunId() == null
        && filter.triggeringEventId() == null) {
      RunIndex.Query query = new RunIndex.Query(tenantId, filter.sinceMs(), filter.untilMs(), filter.statuses(),
          filter.workflowIds());
      List<RunView> rows = new ArrayList<>();
      for (String id : index.page(query, offset, limit)) {
        run(tenantId, id).ifPresent(rows::add);
      }
      return new Page(rows, index.count(query));
    }
    // The rest of the filter is not indexed: test each candidate run, newest first.
    Iterator<String> candidates = filter.parentTaskRunId() != null
        ? reversed(index.childrenOf(filter.parentTaskRunId()))
        : index.newestFirst(tenantId, filter.sinceMs(), filter.untilMs());
    List<RunView> rows = new ArrayList<>();
    long total = 0;
    while (candidates.hasNext()) {
      Optional<RunView> run = run(tenantId, candidates.next());
      if (run.isPresent() && filter.matches(run.get())) {
        if (total >= offset && rows.size() < limit) {
          rows.add(run.get());
        }
        total++;
      }
    }
    return new Page(rows, total);
  }

  /** Ids of every run the filter selects, newest first; reads no run when the index decides alone. */
  public List<String> ids(String tenantId, RunFilter filter) {
    if (filter.additionalMetadata().isEmpty() && filter.parentTaskRunId() == null
        && filter.triggeringEventId() == null) {
      return store.read(() -> store.runIndex().page(new RunIndex.Query(tenantId, filter.sinceMs(), filter.untilMs(),
          filter.statuses(), filter.workflowIds()), 0, Integer.MAX_VALUE));
    }
    return all(tenantId, filter).stream().map(RunView::id).toList();
  }

  /** Every run the filter selects, newest first. */
  public List<RunView> all(String tenantId, RunFilter filter) {
    return page(tenantId, filter, 0, Integer.MAX_VALUE).rows();
  }

  /** The runs the given task runs started, oldest first. */
  public List<RunView> childrenOf(String tenantId, List<String> parentTaskRunIds) {
    return store.read(() -> childrenNow(tenantId, parentTaskRunIds));
  }

  private List<RunView> childrenNow(String tenantId, List<String> parentTaskRunIds) {
    List<RunView> children = new ArrayList<>();
    for (String parent : parentTaskRunIds) {
      for (String id : store.runIndex().childrenOf(parent)) {
        run(tenantId, id).ifPresent(children::add);
      }
    }
    children.sort(Comparator.comparingLong(RunView::createdAtMs));
    return children;
  }

  /** The tenant's runs changed at or after {@code sinceMs}, newest change last. */
  public List<RunView> updatedSince(String tenantId, long sinceMs, int limit) {
    return store.read(() -> updatedNow(tenantId, sinceMs, limit));
  }

  private List<RunView> updatedNow(String tenantId, long sinceMs, int limit) {
    List<RunView> rows = new ArrayList<>();
    for (String id : store.runIndex().updatedSince(tenantId, sinceMs, limit)) {
      run(tenantId, id).ifPresent(rows::add);
    }
    return rows;
  }

  private static Iterator<String> reversed(List<String> ids) {
    List<String> copy = new ArrayList<>(ids);
    java.util.Collections.reverse(copy);
    return copy.iterator();
  }

  private Optional<RunView> view(WorkflowRunRecord run) {
    WorkflowVersionRecord version = version(run.workflowVersionId());
    if (version == null) {
      return Optional.empty();
    }
    List<TaskRunRecord> tasks = new ArrayList<>();
    for (String taskId : store.runIndex().taskIdsOf(run.id())) {
      store.taskRuns().get(taskId).ifPresent(tasks::add);
    }
    List<TaskSpec> specs = version.spec().tasks();
    // Regular tasks in definition order, the on-failure task last, as the scheduler lists them.
    tasks.sort(Comparator.comparingInt((TaskRunRecord t) -> t.onFailure() ? Integer.MAX_VALUE : position(specs, t.readableId())));
    List<TaskView> views = new ArrayList<>(tasks.size());
    for (TaskRunRecord t : tasks) {
      TaskSpec spec = t.onFailure() ? version.spec().onFailureTask() : specs.get(Math.max(0, position(specs, t.readableId())));
      String actionId = spec == null ? "" : spec.actionId();
      views.add(new TaskView(t.id(), t.readableId(), actionId, t.status(), t.retryCount(), t.attempts(), t.output(),
          t.error(), t.workerId(), t.startedAtMs(), t.finishedAtMs(), t.onFailure(),
          version.taskIds().getOrDefault(t.readableId(), "")));
    }
    return Optional.of(new RunView(run.id(), run.tenantId(), version.name(), version.workflowId(), version.id(),
        run.status(), run.input(), run.additionalMetadata(), run.priority(), run.createdAtMs(), run.startedAtMs(),
        run.finishedAtMs(), run.parentTaskRunId(), run.triggeringEventId(), views));
  }

  private static int position(List<TaskSpec> specs, String readableId) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).readableId().equals(readableId)) {
        return i;
      }
    }
    return specs.size();
  }

  @Nullable
  private WorkflowVersionRecord version(String versionId) {
    WorkflowVersionRecord cached = versions.get(versionId);
    if (cached == null) {
      cached = store.workflowVersions().get(versionId).orElse(null);
      if (cached != null) {
        versions.put(versionId, cached);
      }
    }
    return cached;
  }
}
