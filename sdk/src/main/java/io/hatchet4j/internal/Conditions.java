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
    throw new IllegalArgumentException("an anyOf group has no key of its own");
  }

  /** Conditions all of which must hold; the members of an {@code anyOf} share one OR group. */
  static DurableEventListenerConditions toProto(List<Condition> conditions, HatchetConfig config) {
    DurableEventListenerConditions.Builder proto = DurableEventListenerConditions.newBuilder();
    for (Condition condition : conditions) {
      String orGroup = UUID.randomUUID().toString();
      List<Condition> members = condition instanceof Condition.AnyOf any ? any.conditions() : List.of(condition);
      for (Condition member : members) {
        add(proto, member, orGroup, config);
      }
    }
    return proto.build();
  }

  private static void add(DurableEventListenerConditions.Builder proto, Condition condition, String orGroup, HatchetConfig config) {
    BaseMatchCondition.Builder base =
        BaseMatchCondition.newBuilder().setReadableDataKey(readableKey(condition)).setOrGroupId(orGroup);
    if (condition instanceof Condition.Sleep sleep) {
      proto.addSleepConditions(SleepMatchCondition.newBuilder().setBase(base).setSleepFor(Durations.format(sleep.duration())));
    } else if (condition instanceof Condition.UserEvent event) {
      if (event.expression() != null) {
        base.setExpression(event.expression());
      }
      proto.addUserEventConditions(
          UserEventMatchCondition.newBuilder().setBase(base).setUserEventKey(config.applyNamespace(event.eventKey())));
    }
  }
}
