package io.hatchet4j.internal;

import io.hatchet4j.HatchetConfig;
import io.hatchet4j.proto.v1.Action;
import io.hatchet4j.proto.v1.BaseMatchCondition;
import io.hatchet4j.proto.v1.ParentOverrideMatchCondition;
import io.hatchet4j.proto.v1.TaskConditions;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.Task;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A DAG task's {@code waitFor}, {@code skipIf} and {@code cancelIf} as {@code
 * CreateTaskOpts.conditions}, sent as the official SDKs send them: actions QUEUE, SKIP and CANCEL,
 * each condition in an OR group of its own and the members of an {@code anyOf} in a shared one,
 * keys {@code sleep:<duration>}, the event key, or {@code <parent>:<expression>}. Not public API.
 */
final class TaskConditionsProto {
  private TaskConditionsProto() {}

  static Optional<TaskConditions> toProto(Task<?, ?> task, HatchetConfig config) {
    if (task.waitFor().isEmpty() && task.skipIf().isEmpty() && task.cancelIf().isEmpty()) {
      return Optional.empty();
    }
    TaskConditions.Builder proto = TaskConditions.newBuilder();
    add(proto, task.waitFor(), Action.QUEUE, config);
    add(proto, task.cancelIf(), Action.CANCEL, config);
    add(proto, task.skipIf(), Action.SKIP, config);
    return Optional.of(proto.build());
  }

  private static void add(TaskConditions.Builder proto, List<Condition> conditions, Action action, HatchetConfig config) {
    for (Condition condition : conditions) {
      String orGroup = UUID.randomUUID().toString();
      List<Condition> members = condition instanceof Condition.AnyOf any ? any.conditions() : List.of(condition);
      for (Condition member : members) {
        BaseMatchCondition.Builder base = Conditions.base(member, orGroup).setAction(action);
        if (member instanceof Condition.Sleep sleep) {
          proto.addSleepConditions(Conditions.sleep(base, sleep));
        } else if (member instanceof Condition.UserEvent event) {
          proto.addUserEventConditions(Conditions.userEvent(base, event, config));
        } else if (member instanceof Condition.ParentOutput parent) {
          proto.addParentOverrideConditions(
              ParentOverrideMatchCondition.newBuilder().setBase(base).setParentReadableId(parent.parentName()));
        }
      }
    }
  }
}
