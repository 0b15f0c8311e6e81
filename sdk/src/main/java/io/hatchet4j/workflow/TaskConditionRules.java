package io.hatchet4j.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** What a task's conditions must satisfy before it is built. */
final class TaskConditionRules {
  private TaskConditionRules() {}

  /**
   * Refuses a parentOutput condition on a task that is not a parent, and two sleeps or events with
   * the same key: the engine reports conditions by key, and the official SDKs refuse such
   * duplicates too ("Conditions must have unique readable data keys.").
   */
  static void check(String task, Set<? extends Task<?, ?>> parents, List<Condition> waitFor, List<Condition> skipIf,
      List<Condition> cancelIf) {
    Set<String> parentNames = new HashSet<>();
    parents.forEach(p -> parentNames.add(p.name()));
    Set<String> keys = new HashSet<>();
    List<Condition> all = new ArrayList<>();
    Stream.of(waitFor, skipIf, cancelIf).flatMap(List::stream).forEach(c -> {
      if (c instanceof Condition.AnyOf any) {
        all.addAll(any.conditions());
      } else {
        all.add(c);
      }
    });
    for (Condition condition : all) {
      if (condition instanceof Condition.ParentOutput parent) {
        if (!parentNames.contains(parent.parentName())) {
          throw new IllegalStateException("task " + task + ": its parentOutput condition names task "
              + parent.parentName() + ", which is not one of its parents " + parentNames);
        }
      } else if (!keys.add(key(condition))) {
        throw new IllegalStateException("task " + task + ": conditions must have unique keys, and "
            + key(condition) + " appears twice");
      }
    }
  }

  private static String key(Condition condition) {
    if (condition instanceof Condition.Sleep sleep) {
      return "sleep " + sleep.duration();
    }
    return "event " + ((Condition.UserEvent) condition).eventKey();
  }
}
