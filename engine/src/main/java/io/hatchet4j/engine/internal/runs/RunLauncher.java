package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.checks.TriggerChecks;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.traces.TraceIds;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Starting workflow runs: the checks of a trigger, child runs and their keys, inherited metadata
 * and trace context, and the creation of a run with its root tasks queued. Confined to the
 * scheduler thread.
 */
final class RunLauncher {
  /** Upstream's limit on runs per bulk trigger and events per bulk push. */
  static final int MAX_BULK_SIZE = 1000;
  /** Prefix of the metadata keys the engine sets itself. */
  static final String HATCHET_PREFIX = "hatchet__";

  /** A trigger that passed its checks. */
  record NewRun(
      WorkflowVersionRecord version,
      String input,
      String additionalMetadata,
      int priority,
      TriggerSpec spec,
      @Nullable RunTable.ChildKey childKey) {}

  private final RunTable table;
  private final Catalog catalog;
  private final Effects effects;
  private final RunListener listener;
  private final TaskMachine machine;

  RunLauncher(RunTable table, Catalog catalog, Effects effects, RunListener listener, TaskMachine machine) {
    this.table = table;
    this.catalog = catalog;
    this.effects = effects;
    this.listener = listener;
    this.machine = machine;
  }

  /**
   * Starts one run per spec and returns their ids in order. Every spec is checked before the first
   * run is created, so one bad spec creates nothing.
   */
  List<String> trigger(String tenantId, List<TriggerSpec> specs) {
    if (specs.isEmpty()) {
      throw EngineException.invalidArgument("at least one workflow run is required");
    }
    List<NewRun> checked = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      String where = specs.size() == 1 ? "" : "workflow run #" + (i + 1) + ": ";
      checked.add(check(tenantId, specs.get(i), where));
    }
    List<String> ids = new ArrayList<>(checked.size());
    for (NewRun run : checked) {
      ids.add(start(tenantId, run, null));
    }
    return ids;
  }

  private NewRun check(String tenantId, TriggerSpec spec, String where) {
    WorkflowVersionRecord version = catalog.latest(tenantId, spec.workflowName())
        .orElseThrow(() -> EngineException.notFound(where + "workflow " + spec.workflowName() + " not found"));
    String input = Json.requireObject(spec.input(), where + "input");
    String metadata = Json.requireObject(spec.additionalMetadata(), where + "additional_metadata");
    int priority = priority(spec.priority(), version, where);
    RunTable.ChildKey childKey = null;
    if (spec.parentTaskRunId() != null) {
      String parentTaskId = Ids.require(spec.parentTaskRunId(), where + "parent_task_run_external_id");
      TaskState parent = table.task(parentTaskId);
      if (parent == null || !parent.tenantId().equals(tenantId)) {
        throw TriggerChecks.unknownParentTask();
      }
      metadata = childMetadata(parent, metadata);
      if (spec.childKey() != null) {
        childKey = new RunTable.ChildKey(tenantId, parentTaskId, "key:" + spec.childKey());
      } else if (spec.childIndex() != null) {
        childKey = new RunTable.ChildKey(tenantId, parentTaskId, "index:" + spec.childIndex());
      }
    }
    return new NewRun(version, input, metadata, priority, spec, childKey);
  }

  /**
   * A child's metadata: the parent run's, less the engine's {@code hatchet__} keys, overlaid with
   * the child's own, and stamped with its parent run and task.
   */
  private static String childMetadata(TaskState parent, String own) {
    ObjectNode merged = Json.newObject();
    ObjectNode inherited = Json.parseObjectOrNull(parent.run.additionalMetadata);
    if (inherited != null) {
      inherited.properties().forEach(e -> {
        if (!e.getKey().startsWith(HATCHET_PREFIX)) {
          merged.set(e.getKey(), e.getValue());
        }
      });
    }
    ObjectNode child = Json.parseObjectOrNull(own);
    if (child != null) {
      merged.setAll(child);
    }
    merged.put(HATCHET_PREFIX + "parent_workflow_run_id", parent.run.id);
    merged.put(HATCHET_PREFIX + "parent_step_run_id", parent.id);
    return merged.toString();
  }

  /** The run's priority: the requested one, else the workflow's default, else 1. */
  static int priority(@Nullable Integer requested, WorkflowVersionRecord version, String where) {
    if (requested != null) {
      if (requested < 1 || requested > 3) {
        throw EngineException.invalidArgument(where + "priority must be between 1 and 3, got " + requested);
      }
      return requested;
    }
    Integer fallback = version.spec().defaultPriority();
    return fallback == null ? 1 : fallback;
  }

  /**
   * Hands a run the payload of the event filter that started it, before a worker gets its tasks
   * (assignment happens after the command that started the run).
   */
  void useFilterPayload(String runId, String filterPayload) {
    RunState run = table.run(runId);
    if (run != null) {
      run.filterPayload = filterPayload;
    }
  }

  /** Creates a run and queues its root tasks, or returns the existing child run with the same key. */
  String start(String tenantId, NewRun newRun, @Nullable EventRecord event) {
    if (newRun.childKey != null) {
      String existing = table.childRun(newRun.childKey);
      if (existing != null) {
        return existing;
      }
    }
    long now = effects.nowMs();
    TriggerSpec spec = newRun.spec;
    String runId = Ids.newId();
    WorkflowRunRecord record = new WorkflowRunRecord(
        runId, tenantId, newRun.version.id(), newRun.input, traced(runId, newRun.additionalMetadata, spec),
        newRun.priority,
        RunStatus.QUEUED, now, null, null, spec.parentWorkflowRunId(),
        spec.parentTaskRunId() == null ? null : Ids.canonicalOrNull(spec.parentTaskRunId()),
        spec.childIndex(), spec.childKey(),
        event == null ? null : event.id(), event == null ? null : event.key(), spec.desiredWorkerId(),
        spec.desiredWorkerLabels());
    RunState run = new RunState(record, newRun.version);
    table.addRun(run);
    List<TaskSpec> specs = newRun.version.spec().tasks();
    for (TaskSpec taskSpec : specs) {
      // A single-task workflow's task shares the run's id, as upstream's standalone tasks do.
      String taskId = specs.size() == 1 ? run.id : Ids.newId();
      TaskState task = new TaskState(taskId, run, taskSpec, newRun.version.taskIds().get(taskSpec.readableId()),
          false, now);
      table.attach(task);
    }
    table.save(run);
    listener.runCreated(RunListener.RunInfo.of(run));
    for (TaskState task : run.tasks.values()) {
      if (task.spec.parents().isEmpty()) {
        machine.release(task);
      } else {
        table.save(task);
      }
    }
    return run.id;
  }

  /**
   * The run's metadata with a {@code traceparent}, stamped as upstream does when the trigger had
   * none, so the spans of its workers join the run's trace: a child joins its parent's trace.
   */
  private String traced(String runId, String metadata, TriggerSpec spec) {
    String parentTaskId = spec.parentTaskRunId() == null ? null : Ids.canonicalOrNull(spec.parentTaskRunId());
    TaskState parentTask = parentTaskId == null ? null : table.task(parentTaskId);
    // parent_id is not checked (upstream reads only the parent task's id): it may be no id at all.
    String parentRunId = spec.parentWorkflowRunId() == null ? null : Ids.canonicalOrNull(spec.parentWorkflowRunId());
    RunState parent = parentTask != null ? parentTask.run : parentRunId == null ? null : table.run(parentRunId);
    return TraceIds.ensureTraceparent(metadata, runId, TraceIds.ownerTraceId(runId, metadata,
        parent == null ? null : parent.id, parent == null ? null : parent.additionalMetadata));
  }
}
