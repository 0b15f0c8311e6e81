package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.TaskCondition;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The parent stage of a DAG task's conditions, built per parent as upstream builds its parent
 * match (its {@code getParentInDAGGroupMatch}), and evaluated on the parents' current states.
 *
 * <p>Per parent: a QUEUE group held by its completion (or, with QUEUE overrides, by its completion
 * with the override's expression true); a SKIP group held by its completion with {@code skipped ==
 * true} (with SKIP overrides, by their expressions instead; a SKIP override on any parent drops
 * the default SKIP groups of the others); the shared CANCEL group held by its failure or
 * cancellation (with CANCEL overrides, the override's group, held also by its completion with the
 * expression true). Confined to the scheduler thread; one per evaluation.
 */
final class ParentStage {
  private static final String SHARED_CANCEL_GROUP = "cancel";

  private final TaskState task;
  private final DagConditions conditions;
  /** Action to OR group to whether a condition of the group held. */
  private final Map<String, Map<String, Boolean>> groups = new HashMap<>();

  ParentStage(TaskState task, DagConditions conditions) {
    this.task = task;
    this.conditions = conditions;
  }

  /** The action the parents' states fire, or null while none does. */
  @Nullable
  String action() {
    List<TaskCondition> overrides = task.spec.conditions().stream()
        .filter(c -> c.kind() == TaskCondition.Kind.PARENT_OVERRIDE)
        .toList();
    boolean anySkipOverride = overrides.stream().anyMatch(c -> c.action().equals(TaskCondition.SKIP));
    for (String parentId : task.spec.parents()) {
      TaskState parent = task.run.tasks.get(parentId);
      List<TaskCondition> own = overrides.stream().filter(c -> parentId.equals(c.parentReadableId())).toList();
      boolean completed = parent != null && parent.status == TaskStatus.COMPLETED;
      boolean failedOrCancelled = parent != null
          && (parent.status == TaskStatus.FAILED || parent.status == TaskStatus.CANCELLED);
      String output = completed ? parent.output : null;

      List<TaskCondition> queue = ofAction(own, TaskCondition.QUEUE);
      if (queue.isEmpty()) {
        hold(TaskCondition.QUEUE, "queue:" + parentId, completed);
      }
      for (TaskCondition c : queue) {
        hold(TaskCondition.QUEUE, c.orGroupId(), completed && holds(c, output));
      }

      List<TaskCondition> skip = ofAction(own, TaskCondition.SKIP);
      if (skip.isEmpty() && !anySkipOverride) {
        hold(TaskCondition.SKIP, "skip:" + parentId, completed && skipped(output));
      }
      for (TaskCondition c : skip) {
        hold(TaskCondition.SKIP, c.orGroupId(), completed && holds(c, output));
      }

      List<TaskCondition> cancel = ofAction(own, TaskCondition.CANCEL);
      if (cancel.isEmpty()) {
        hold(TaskCondition.CANCEL, SHARED_CANCEL_GROUP, failedOrCancelled);
      }
      for (TaskCondition c : cancel) {
        hold(TaskCondition.CANCEL, c.orGroupId(),
            failedOrCancelled || (completed && holds(c, output)));
      }
    }
    return DagConditions.firing(groups);
  }

  private static List<TaskCondition> ofAction(List<TaskCondition> overrides, String action) {
    return overrides.stream().filter(c -> c.action().equals(action)).toList();
  }

  private void hold(String action, String group, boolean held) {
    groups.computeIfAbsent(action, k -> new HashMap<>()).merge(group, held, Boolean::logicalOr);
  }

  /** Whether an override's expression holds on the parent's output ({@code input} and {@code output}). */
  private boolean holds(TaskCondition override, @Nullable String output) {
    if (override.expression() == null) {
      return true;
    }
    JsonNode value = output == null ? Json.newObject() : Json.parseTrusted(output);
    return conditions.holds(override.expression(), Map.of("input", value, "output", value));
  }

  /** Upstream's {@code has(output.skipped) && output.skipped}; most outputs are ruled out unparsed. */
  static boolean skipped(@Nullable String output) {
    if (output == null || !output.contains("skipped")) {
      return false;
    }
    JsonNode flag = Json.parseTrusted(output).get("skipped");
    return flag != null && flag.isBoolean() && flag.booleanValue();
  }
}
