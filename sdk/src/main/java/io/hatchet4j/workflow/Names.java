package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Checks shared by the definition builders. */
final class Names {
  private Names() {}

  static String requireValid(String name, String what) {
    requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (name.indexOf(':') >= 0) {
      // The engine addresses a task as "<workflow>:<task>"; a colon would make that ambiguous.
      throw new IllegalArgumentException(what + " must not contain ':'; got '" + name + "'");
    }
    return name;
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
