package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs and tasks, indexed by id, and their write-through to the store. Every part of the
 * scheduler reads and changes runs through this table. Confined to the scheduler thread.
 *
 * <p>Only unfinished runs stay in memory. A run leaves when it is saved finished; the last {@value
 * #RECENTLY_FINISHED} finished runs are kept at hand (late log lines and events of their tasks,
 * result subscriptions), any other is read back from the store when asked for. A finished run that
 * is saved unfinished again (a replay) comes back in.
 */
final class RunTable {
  private static final Logger log = LoggerFactory.getLogger(RunTable.class);
  /** Finished runs kept in memory after they finish. */
  static final int RECENTLY_FINISHED = 256;

  /** A child run's identity under its parent task: its key, else its index. */
  record ChildKey(String tenantId, String parentTaskRunId, String key) {
    String inner() {
      return tenantId + '/' + key;
    }
  }

  private final EngineStore store;
  private final Function<String, Optional<WorkflowVersionRecord>> versions;
  private final Map<String, RunState> runs = new LinkedHashMap<>();
  private final Map<String, TaskState> tasks = new HashMap<>();
  /** Keyed child runs by parent task run, while the parent's run is unfinished. */
  private final Map<String, Map<String, String>> childRuns = new HashMap<>();
  /** Recently finished runs, least recently used first, and their tasks. */
  private final LinkedHashMap<String, RunState> finished = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<String, TaskState> finishedTasks = new HashMap<>();

  RunTable(EngineStore store, Function<String, Optional<WorkflowVersionRecord>> versions) {
    this.store = store;
    this.versions = versions;
  }

  /** Every unfinished run, oldest first. */
  Iterable<RunState> runs() {
    return runs.values();
  }

  boolean isEmpty() {
    return runs.isEmpty();
  }

  /** How many finished runs are kept at hand. */
  int finishedInMemory() {
    return finished.size();
  }

  /** How many runs are unfinished. */
  int size() {
    return runs.size();
  }

  /** The run, unfinished or finished; a finished one may be read from the store. */
  @Nullable
  RunState run(String runId) {
    RunState run = runs.get(runId);
    if (run == null) {
      run = finished.get(runId);
    }
    return run != null ? run : readBack(runId);
  }

  /** The task, of an unfinished or finished run; a finished one may be read from the store. */
  @Nullable
  TaskState task(String taskRunId) {
    TaskState task = liveTask(taskRunId);
    if (task != null) {
      return task;
    }
    Optional<TaskRunRecord> record = store.taskRuns().get(taskRunId);
    if (record.isEmpty()) {
      return null;
    }
    RunState run = run(record.get().workflowRunId());
    if (run == null) {
      return null;
    }
    return finishedTasks.get(taskRunId);
  }

  /** The task if it is in memory, without reading the store: for timers, which skip finished tasks. */
  @Nullable
  TaskState liveTask(String taskRunId) {
    TaskState task = tasks.get(taskRunId);
    return task != null ? task : finishedTasks.get(taskRunId);
  }

  /** Adds a run (without its tasks) and indexes it under its parent task if it is a keyed child. */
  void addRun(RunState run) {
    runs.put(run.id, run);
    String key = childKeyOf(run);
    // Under a finished parent, the store's index of children answers instead (childRun).
    if (key != null && tasks.containsKey(run.parentTaskRunId)) {
      childRuns.computeIfAbsent(run.parentTaskRunId, k -> new HashMap<>()).put(run.tenantId + '/' + key, run.id);
    }
  }

  @Nullable
  private static String childKeyOf(RunState run) {
    if (run.parentTaskRunId == null) {
      return null;
    }
    return childKeyOf(run.childKey, run.childIndex);
  }

  @Nullable
  private static String childKeyOf(@Nullable String childKey, @Nullable Integer childIndex) {
    return childKey != null ? "key:" + childKey : childIndex != null ? "index:" + childIndex : null;
  }

  /** The id of the child run already started under this key, if any. */
  @Nullable
  String childRun(ChildKey key) {
    Map<String, String> children = childRuns.get(key.parentTaskRunId());
    String known = children == null ? null : children.get(key.inner());
    if (known != null) {
      return known;
    }
    // Not in memory: the parent task is finished, or the child finished before a restart (a restart
    // loads only unfinished runs, and the parent task runs again and spawns its children again). The
    // store's index of children answers.
    for (String id : store.runIndex().childrenOf(key.parentTaskRunId())) {
      Optional<WorkflowRunRecord> child = store.workflowRuns().get(id);
      if (child.isPresent() && child.get().tenantId().equals(key.tenantId())
          && key.key().equals(childKeyOf(child.get().childKey(), child.get().childIndex()))) {
        return id;
      }
    }
    return null;
  }

  /** Adds a task to the table and to its run. */
  void attach(TaskState task) {
    if (runs.containsKey(task.run.id)) {
      tasks.put(task.id, task);
    } else {
      finishedTasks.put(task.id, task);
    }
    if (task.onFailure) {
      task.run.onFailureTask = task;
    } else {
      task.run.tasks.put(task.readableId(), task);
    }
  }

  /** Forgets a task and its stored record (an on-failure task a replay discards). */
  void removeTask(TaskState task) {
    tasks.remove(task.id);
    finishedTasks.remove(task.id);
    store.taskRuns().remove(task.id);
  }

  RunState requireRun(String tenantId, String runId) {
    String id = Ids.require(runId, "workflow run id");
    RunState run = run(id);
    if (run == null || !run.tenantId.equals(tenantId)) {
      throw EngineException.notFound("workflow run " + id + " not found");
    }
    return run;
  }

  TaskState requireTask(String tenantId, String taskRunId) {
    String id = Ids.require(taskRunId, "task run id");
    TaskState task = task(id);
    if (task == null || !task.tenantId().equals(tenantId)) {
      throw EngineException.notFound("task run " + id + " not found");
    }
    return task;
  }

  void save(TaskState task) {
    store.taskRuns().put(task.id, task.toRecord());
  }

  /** Writes the run through; a finished run leaves memory, a finished one started again comes back. */
  void save(RunState run) {
    store.workflowRuns().put(run.id, run.toRecord());
    boolean live = runs.containsKey(run.id);
    if (run.status.isTerminal() && live) {
      runs.remove(run.id);
      for (TaskState task : run.allTasks()) {
        tasks.remove(task.id);
        childRuns.remove(task.id);
      }
      keepFinished(run);
    } else if (!run.status.isTerminal() && !live) {
      finished.remove(run.id);
      runs.put(run.id, run);
      for (TaskState task : run.allTasks()) {
        finishedTasks.remove(task.id);
        tasks.put(task.id, task);
        indexStoredChildren(task);
      }
    }
  }

  /** Rebuilds the keyed children of a task whose run comes back from the finished. */
  private void indexStoredChildren(TaskState task) {
    for (String id : store.runIndex().childrenOf(task.id)) {
      store.workflowRuns().get(id).ifPresent(child -> {
        String key = childKeyOf(child.childKey(), child.childIndex());
        if (key != null) {
          childRuns.computeIfAbsent(task.id, k -> new HashMap<>()).put(child.tenantId() + '/' + key, child.id());
        }
      });
    }
  }

  private void keepFinished(RunState run) {
    finished.put(run.id, run);
    for (TaskState task : run.allTasks()) {
      finishedTasks.put(task.id, task);
    }
    if (finished.size() > RECENTLY_FINISHED) {
      var eldest = finished.entrySet().iterator();
      RunState dropped = eldest.next().getValue();
      eldest.remove();
      for (TaskState task : dropped.allTasks()) {
        finishedTasks.remove(task.id);
      }
    }
  }

  /** Deletes a finished run from the store and from memory; returns whether there was one. */
  boolean deleteFinished(String runId) {
    RunState run = finished.remove(runId);
    if (run != null) {
      run.allTasks().forEach(task -> finishedTasks.remove(task.id));
    }
    return store.deleteRun(runId);
  }

  /** A finished run read back from the store, kept at hand for a while; null if unknown. */
  @Nullable
  private RunState readBack(String runId) {
    Optional<WorkflowRunRecord> record = store.workflowRuns().get(runId);
    if (record.isEmpty() || !record.get().status().isTerminal()) {
      // Unfinished runs are all in memory; an unfinished record not there was skipped at load.
      return null;
    }
    RunState run = restore(record.get());
    if (run == null) {
      return null;
    }
    List<TaskRunRecord> records = new ArrayList<>();
    for (String taskId : store.runIndex().taskIdsOf(runId)) {
      store.taskRuns().get(taskId).ifPresent(records::add);
    }
    records.sort(Comparator.comparingLong(TaskRunRecord::createdAtMs));
    keepFinished(run);
    for (TaskRunRecord taskRecord : records) {
      restoreTask(run, taskRecord);
    }
    return run;
  }

  /** A run's state from its record, without its tasks; null if its workflow version is missing. */
  @Nullable
  RunState restore(WorkflowRunRecord record) {
    Optional<WorkflowVersionRecord> version = versions.apply(record.workflowVersionId());
    if (version.isEmpty()) {
      log.warn("skipping stored run {}: its workflow version {} is missing", record.id(), record.workflowVersionId());
      return null;
    }
    return new RunState(record, version.get());
  }

  /** Restores a task into its run and this table; null if its definition is missing. */
  @Nullable
  TaskState restoreTask(RunState run, TaskRunRecord record) {
    TaskSpec spec = record.onFailure() ? run.version.spec().onFailureTask() : findTask(run, record.readableId());
    if (spec == null) {
      log.warn("skipping stored task {}: its definition is missing", record.id());
      return null;
    }
    TaskState task = new TaskState(record.id(), run, spec, run.version.taskIds().get(spec.readableId()),
        record.onFailure(), record.createdAtMs());
    task.restore(record);
    attach(task);
    return task;
  }

  @Nullable
  private static TaskSpec findTask(RunState run, String readableId) {
    for (TaskSpec spec : run.version.spec().tasks()) {
      if (spec.readableId().equals(readableId)) {
        return spec;
      }
    }
    return null;
  }
}
