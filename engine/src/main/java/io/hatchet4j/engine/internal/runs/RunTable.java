package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The live runs and tasks, indexed by id, and their write-through to the store. Every part of the
 * scheduler reads and changes runs through this table. Confined to the scheduler thread.
 */
final class RunTable {
  /** A child run's identity under its parent task: its key, else its index. */
  record ChildKey(String tenantId, String parentTaskRunId, String key) {}

  private final EngineStore store;
  private final Map<String, RunState> runs = new LinkedHashMap<>();
  private final Map<String, TaskState> tasks = new HashMap<>();
  private final Map<ChildKey, String> childRuns = new HashMap<>();

  RunTable(EngineStore store) {
    this.store = store;
  }

  /** Every run, oldest first. */
  Iterable<RunState> runs() {
    return runs.values();
  }

  boolean isEmpty() {
    return runs.isEmpty();
  }

  int size() {
    return runs.size();
  }

  @Nullable
  RunState run(String runId) {
    return runs.get(runId);
  }

  @Nullable
  TaskState task(String taskRunId) {
    return tasks.get(taskRunId);
  }

  /** Adds a run (without its tasks) and indexes it under its parent task if it is a keyed child. */
  void addRun(RunState run) {
    runs.put(run.id, run);
    String key = childKeyOf(run);
    if (key != null) {
      childRuns.put(new ChildKey(run.tenantId, run.parentTaskRunId, key), run.id);
    }
  }

  @Nullable
  private static String childKeyOf(RunState run) {
    if (run.parentTaskRunId == null) {
      return null;
    }
    return run.childKey != null ? "key:" + run.childKey : run.childIndex != null ? "index:" + run.childIndex : null;
  }

  /** The id of the child run already started under this key, if any. */
  @Nullable
  String childRun(ChildKey key) {
    return childRuns.get(key);
  }

  /** Adds a task to the table and to its run. */
  void attach(TaskState task) {
    tasks.put(task.id, task);
    if (task.onFailure) {
      task.run.onFailureTask = task;
    } else {
      task.run.tasks.put(task.readableId(), task);
    }
  }

  /** Forgets a task and its stored record (an on-failure task a replay discards). */
  void removeTask(TaskState task) {
    tasks.remove(task.id);
    store.taskRuns().remove(task.id);
  }

  RunState requireRun(String tenantId, String runId) {
    String id = Ids.require(runId, "workflow run id");
    RunState run = runs.get(id);
    if (run == null || !run.tenantId.equals(tenantId)) {
      throw EngineException.notFound("workflow run " + id + " not found");
    }
    return run;
  }

  TaskState requireTask(String tenantId, String taskRunId) {
    String id = Ids.require(taskRunId, "task run id");
    TaskState task = tasks.get(id);
    if (task == null || !task.tenantId().equals(tenantId)) {
      throw EngineException.notFound("task run " + id + " not found");
    }
    return task;
  }

  void save(TaskState task) {
    store.taskRuns().put(task.id, task.toRecord());
  }

  void save(RunState run) {
    store.workflowRuns().put(run.id, run.toRecord());
  }
}
