package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Something a task can wait for: time passing, a user event, a parent's output, or any of several.
 *
 * <p>Two uses. A durable task waits on conditions inside its handler ({@link
 * DurableContext#waitFor}). A task of a DAG is gated by them before it runs: {@link
 * Task.Builder#waitFor} queues it once they hold, {@link Task.Builder#skipIf} skips it (its output
 * reads {@code {"skipped": true}}), {@link Task.Builder#cancelIf} cancels it and its dependants.
 * For a DAG task, sleeps count from when its parents complete (from the trigger for a task without
 * parents) and only events pushed after that count.
 *
 * <p>Immutable. Several conditions given together must all hold (AND); {@link #anyOf} makes an OR
 * group.
 *
 * <pre>{@code
 * Task<Order, Shipped> ship = Task.builder("ship", Order.class, Shipped.class)
 *     .addParent(charge)
 *     .waitFor(Condition.anyOf(Condition.sleep(Duration.ofHours(1)), Condition.userEvent("order:packed")))
 *     .skipIf(Condition.parentOutput(charge, "output.amount == 0"))
 *     .setHandler((order, ctx) -> shipping.ship(order))
 *     .build();
 * }</pre>
 */
public sealed interface Condition permits Condition.Sleep, Condition.UserEvent, Condition.ParentOutput,
    Condition.AnyOf {

  /** Holds once {@code duration} has passed since the wait began, across worker restarts. */
  static Condition sleep(Duration duration) {
    return new Sleep(duration);
  }

  /** Holds when an event with this key is pushed. */
  static Condition userEvent(String eventKey) {
    return new UserEvent(eventKey, null);
  }

  /**
   * Holds when an event with this key is pushed whose payload satisfies {@code expression}, a CEL
   * expression over {@code input} (the payload), for example {@code input.amount > 100}.
   */
  static Condition userEvent(String eventKey, String expression) {
    return new UserEvent(eventKey, requireNonNull(expression, "expression"));
  }

  /**
   * Holds when {@code parent} completes and {@code expression}, a CEL expression over {@code
   * output} (the parent's output), is true; for example {@code output.random_number > 50}. For DAG
   * tasks only, and {@code parent} must be one of the task's parents.
   */
  static Condition parentOutput(Task<?, ?> parent, String expression) {
    return new ParentOutput(requireNonNull(parent, "parent").name(), requireNonNull(expression, "expression"));
  }

  /** Holds as soon as one of {@code conditions} holds. */
  static Condition anyOf(Condition... conditions) {
    return new AnyOf(List.of(conditions));
  }

  /** Time passing. */
  record Sleep(Duration duration) implements Condition {
    public Sleep {
      requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero() || duration.getNano() != 0) {
        throw new IllegalArgumentException("sleep must be a positive whole number of seconds; got " + duration);
      }
    }
  }

  /** A pushed event, optionally filtered. */
  record UserEvent(String eventKey, String expression) implements Condition {
    public UserEvent {
      requireNonNull(eventKey, "eventKey");
      if (eventKey.isBlank()) {
        throw new IllegalArgumentException("event key must not be blank");
      }
    }
  }

  /** A parent task's output, tested by a CEL expression; for DAG tasks only. */
  record ParentOutput(String parentName, String expression) implements Condition {
    public ParentOutput {
      requireNonNull(parentName, "parentName");
      requireNonNull(expression, "expression");
      if (expression.isBlank()) {
        throw new IllegalArgumentException("a parentOutput condition needs an expression");
      }
    }
  }

  /** The first of several conditions. */
  record AnyOf(List<Condition> conditions) implements Condition {
    public AnyOf {
      conditions = List.copyOf(conditions);
      if (conditions.size() < 2) {
        throw new IllegalArgumentException("anyOf needs at least two conditions");
      }
      for (Condition condition : conditions) {
        if (condition instanceof AnyOf) {
          throw new IllegalArgumentException("anyOf groups cannot be nested");
        }
      }
    }
  }
}
