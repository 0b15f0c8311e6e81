package io.hatchet4j.engine.internal.dispatch;

import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.TaskCondition;
import io.hatchet4j.proto.v1.BaseMatchCondition;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.ParentOverrideMatchCondition;
import io.hatchet4j.proto.v1.SleepMatchCondition;
import io.hatchet4j.proto.v1.TaskConditions;
import io.hatchet4j.proto.v1.UserEventMatchCondition;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Reads a task's {@code TaskConditions} as upstream stores them: a condition without an OR group
 * (or with the nil UUID) gets a group of its own, a parent override is keyed by its parent, a
 * sleep has no expression. The event scope and {@code consider_events_since} matter only for
 * durable waits, so upstream drops them here, and so do we. Registration checks ran before.
 */
final class TaskConditionProtos {
  private static final String NIL_UUID = "00000000-0000-0000-0000-000000000000";

  private TaskConditionProtos() {}

  static List<TaskCondition> conditions(CreateTaskOpts task) {
    if (!task.hasConditions()) {
      return List.of();
    }
    TaskConditions conditions = task.getConditions();
    List<TaskCondition> list = new ArrayList<>();
    for (UserEventMatchCondition c : conditions.getUserEventConditionsList()) {
      if (c.hasBase()) {
        BaseMatchCondition base = c.getBase();
        list.add(new TaskCondition(TaskCondition.Kind.USER_EVENT, base.getReadableDataKey(), base.getAction().name(),
            orGroup(base), null, c.getUserEventKey(), null, expression(base)));
      }
    }
    for (SleepMatchCondition c : conditions.getSleepConditionsList()) {
      if (c.hasBase()) {
        BaseMatchCondition base = c.getBase();
        list.add(new TaskCondition(TaskCondition.Kind.SLEEP, base.getReadableDataKey(), base.getAction().name(),
            orGroup(base), c.getSleepFor(), null, null, null));
      }
    }
    for (ParentOverrideMatchCondition c : conditions.getParentOverrideConditionsList()) {
      if (c.hasBase()) {
        BaseMatchCondition base = c.getBase();
        list.add(new TaskCondition(TaskCondition.Kind.PARENT_OVERRIDE, c.getParentReadableId(),
            base.getAction().name(), orGroup(base), null, null, c.getParentReadableId(), expression(base)));
      }
    }
    return list;
  }

  private static String orGroup(BaseMatchCondition base) {
    String group = base.getOrGroupId();
    return group.isEmpty() || group.equals(NIL_UUID) ? Ids.newId() : group.toLowerCase(java.util.Locale.ROOT);
  }

  @Nullable
  private static String expression(BaseMatchCondition base) {
    return base.getExpression().isBlank() ? null : base.getExpression();
  }
}
