package io.hatchet4j.internal;

import io.hatchet4j.HatchetConfig;
import io.hatchet4j.proto.v1.BaseMatchCondition;
import io.hatchet4j.proto.v1.DurableEventListenerConditions;
import io.hatchet4j.proto.v1.SleepMatchCondition;
import io.hatchet4j.proto.v1.UserEventMatchCondition;
import io.hatchet4j.workflow.Condition;
import java.util.List;
import java.util.UUID;

/** How wait conditions go on the wire, keyed as the official SDKs key them. Not public API. */
final class Conditions {
  private Conditions() {}

  /** The key under which the engine reports a condition that held. */
  static String readableKey(Condition condition) {
    if (condition instanceof Condition.Sleep sleep) {
      return "sleep:" + Durations.format(sleep.duration());
    }
    if (condition instanceof Condition.UserEvent event) {
      return event.eventKey();
    }
    if (condition instanceof Condition.ParentOutput parent) {
      return parent.parentName() + ":" + parent.expression();
    }
    throw new IllegalArgumentException("an anyOf group has no key of its own");
  }

  /** Conditions all of which must hold; the members of an {@code anyOf} share one OR group. */
  static DurableEventListenerConditions toProto(List<Condition> conditions, HatchetConfig config) {
    DurableEventListenerConditions.Builder proto = DurableEventListenerConditions.newBuilder();
    for (Condition condition : conditions) {
      String orGroup = UUID.randomUUID().toString();
      List<Condition> members = condition instanceof Condition.AnyOf any ? any.conditions() : List.of(condition);
      for (Condition member : members) {
        if (member instanceof Condition.ParentOutput) {
          throw new IllegalArgumentException("a durable wait cannot wait for a parent's output: parentOutput "
              + "conditions gate DAG tasks (Task.Builder.waitFor, skipIf, cancelIf)");
        }
        add(proto, member, orGroup, config);
      }
    }
    return proto.build();
  }

  private static void add(DurableEventListenerConditions.Builder proto, Condition condition, String orGroup, HatchetConfig config) {
    BaseMatchCondition.Builder base = base(condition, orGroup);
    if (condition instanceof Condition.Sleep sleep) {
      proto.addSleepConditions(sleep(base, sleep));
    } else if (condition instanceof Condition.UserEvent event) {
      proto.addUserEventConditions(userEvent(base, event, config));
    }
  }

  /** The shared part of a condition: its key, its OR group and its expression, if any. */
  static BaseMatchCondition.Builder base(Condition condition, String orGroup) {
    BaseMatchCondition.Builder base =
        BaseMatchCondition.newBuilder().setReadableDataKey(readableKey(condition)).setOrGroupId(orGroup);
    if (condition instanceof Condition.UserEvent event && event.expression() != null) {
      base.setExpression(event.expression());
    } else if (condition instanceof Condition.ParentOutput parent) {
      base.setExpression(parent.expression());
    }
    return base;
  }

  static SleepMatchCondition sleep(BaseMatchCondition.Builder base, Condition.Sleep sleep) {
    return SleepMatchCondition.newBuilder().setBase(base).setSleepFor(Durations.format(sleep.duration())).build();
  }

  static UserEventMatchCondition userEvent(BaseMatchCondition.Builder base, Condition.UserEvent event,
      HatchetConfig config) {
    return UserEventMatchCondition.newBuilder().setBase(base).setUserEventKey(config.applyNamespace(event.eventKey()))
        .build();
  }
}
