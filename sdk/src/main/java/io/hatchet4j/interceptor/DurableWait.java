package io.hatchet4j.interceptor;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.workflow.Condition;
import java.util.List;

/**
 * A durable task waiting for conditions, persisted by the engine.
 *
 * @param action the task run that waits
 * @param signalKey the key that names this wait within the task run
 * @param conditions what it waits for, all of which must hold
 */
public record DurableWait(ActionInfo action, String signalKey, List<Condition> conditions) {
  public DurableWait {
    requireNonNull(action, "action");
    requireNonNull(signalKey, "signalKey");
    conditions = List.copyOf(requireNonNull(conditions, "conditions"));
  }

  /** The number of conditions, counting each member of an {@code anyOf} group. */
  public int conditionCount() {
    int count = 0;
    for (Condition condition : conditions) {
      count += condition instanceof Condition.AnyOf ? ((Condition.AnyOf) condition).conditions().size() : 1;
    }
    return count;
  }
}
