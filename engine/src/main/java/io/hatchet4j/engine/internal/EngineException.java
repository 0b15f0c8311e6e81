package io.hatchet4j.engine.internal;

import static java.util.Objects.requireNonNull;

/**
 * An expected failure caused by the caller (bad input, unknown id), carried to the protocol layer.
 *
 * <p>Not public API. It has no stack trace: these are answers, not bugs, and are never logged as
 * errors.
 */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, mapped by each protocol to its own status code. */
  public enum Kind {
    INVALID_ARGUMENT,
    NOT_FOUND,
    FAILED_PRECONDITION,
    ALREADY_EXISTS,
    UNAUTHENTICATED,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE
  }

  private final Kind kind;

  private EngineException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  public static EngineException invalidArgument(String message) {
    return new EngineException(Kind.INVALID_ARGUMENT, message);
  }

  public static EngineException notFound(String message) {
    return new EngineException(Kind.NOT_FOUND, message);
  }

  public static EngineException failedPrecondition(String message) {
    return new EngineException(Kind.FAILED_PRECONDITION, message);
  }

  public static EngineException alreadyExists(String message) {
    return new EngineException(Kind.ALREADY_EXISTS, message);
  }

  public static EngineException unauthenticated(String message) {
    return new EngineException(Kind.UNAUTHENTICATED, message);
  }

  public static EngineException resourceExhausted(String message) {
    return new EngineException(Kind.RESOURCE_EXHAUSTED, message);
  }

  public static EngineException unavailable(String message) {
    return new EngineException(Kind.UNAVAILABLE, message);
  }
}
