package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.internal.EngineRules;
import java.time.Duration;

/** Checks shared by the definition builders: the engine's rules, checked before anything is sent. */
final class Names {
  private Names() {}

  /**
   * Checks a workflow, task or worker name as the engine does when it is registered: letters,
   * digits, dot, dash and underscore only.
   *
   * @throws IllegalArgumentException naming the engine's rule otherwise
   */
  static String requireValid(String name, String what) {
    requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (name.indexOf(':') >= 0) {
      // The engine addresses a task as "<workflow>:<task>"; a colon would make that ambiguous.
      throw new IllegalArgumentException(what + " must not contain ':'; got '" + name + "'");
    }
    return EngineRules.requireName(name, what);
  }

  static Duration requireWholeSeconds(Duration duration, String what) {
    requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    if (duration.getNano() != 0) {
      // The wire format is a Go-style duration string in whole seconds ("90s").
      throw new IllegalArgumentException(what + " must be a whole number of seconds; got " + duration);
    }
    return duration;
  }
}
