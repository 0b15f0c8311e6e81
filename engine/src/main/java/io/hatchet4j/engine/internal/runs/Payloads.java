package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.TaskStatus;

/** Builds what a worker receives for a task: the action and its payload JSON. */
final class Payloads {
  private Payloads() {}

  /**
   * The START payload: run input, outputs of the parent tasks, trigger data and, for the on-failure
   * task, the errors of the failed tasks. Fields the engine does not fill are present and null, as
   * upstream sends them.
   */
  static String startPayload(TaskState task) {
    RunState run = task.run;
    ObjectNode root = Json.newObject();
    root.set("input", Json.parseTrusted(run.input));
    root.put("triggered_by", "manual");
    ObjectNode parents = root.putObject("parents");
    if (task.onFailure) {
      // The on-failure task sees every task that completed before the run failed.
      for (TaskState other : run.tasks.values()) {
        if (other.status == TaskStatus.COMPLETED) {
          parents.set(other.readableId(), Json.parseTrusted(other.output));
        }
      }
    } else {
      for (String parent : task.spec.parents()) {
        TaskState parentTask = run.tasks.get(parent);
        if (parentTask != null && parentTask.output != null) {
          parents.set(parent, Json.parseTrusted(parentTask.output));
        }
      }
    }
    ObjectNode triggers = root.putObject("triggers");
    if (run.filterPayload != null) {
      triggers.set("filter_payload", Json.parseTrusted(run.filterPayload));
    } else {
      triggers.putNull("filter_payload");
    }
    root.putNull("user_data");
    root.putNull("overrides");
    if (task.onFailure) {
      ObjectNode errors = Json.newObject();
      for (TaskState other : run.tasks.values()) {
        if (other.status == TaskStatus.FAILED && other.error != null) {
          errors.put(other.readableId(), other.error);
        }
      }
      if (!errors.isEmpty()) {
        root.set("step_run_errors", errors);
      }
    }
    return root.toString();
  }

  static WorkerAction action(TaskState task, WorkerAction.Type type) {
    RunState run = task.run;
    return new WorkerAction(
        type,
        run.tenantId,
        run.id,
        task.definitionId,
        task.readableId(),
        task.id,
        task.spec.actionId(),
        type == WorkerAction.Type.START ? startPayload(task) : "",
        task.retryCount,
        run.additionalMetadata,
        run.childIndex,
        run.childKey,
        run.parentTaskRunId,
        run.priority,
        run.version.workflowId(),
        run.version.id(),
        run.triggeringEventId,
        run.triggeringEventKey,
        task.spec.durable() ? Integer.valueOf(Math.max(1, task.invocationCount)) : null);
  }
}
