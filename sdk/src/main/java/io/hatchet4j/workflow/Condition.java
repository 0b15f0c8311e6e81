package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Something a durable task can wait for: time passing, a user event, or any of several.
 *
 * <p>Immutable. Several conditions passed to one wait must all hold (AND); {@link #anyOf} makes
 * an OR group.
 */
public sealed interface Condition permits Condition.Sleep, Condition.UserEvent, Condition.AnyOf {

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
