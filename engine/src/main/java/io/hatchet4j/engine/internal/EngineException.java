package io.hatchet4j.engine.internal;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import javax.annotation.Nullable;

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
    UNAVAILABLE,
    /**
     * A refusal that upstream reports as a server error: its message is what upstream sends (for
     * example {@code An internal error occurred.}), and the reason is only in the engine's log.
     */
    INTERNAL
  }

  private final Kind kind;
  @Nullable private final String logReason;

  private EngineException(Kind kind, String message) {
    this(kind, message, null);
  }

  private EngineException(Kind kind, String message, @Nullable String logReason) {
    super(message, null, false, false);
    this.kind = requireNonNull(kind, "kind");
    this.logReason = logReason;
  }

  public Kind kind() {
    return kind;
  }

  /** What the engine logs for this refusal, where the client sees only a generic message. */
  public Optional<String> logReason() {
    return Optional.ofNullable(logReason);
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

  /**
   * An INTERNAL answer whose client-visible text is {@code message}; {@code reason} is logged, as
   * upstream logs the error behind its generic message.
   */
  public static EngineException internal(String message, String reason) {
    return new EngineException(Kind.INTERNAL, message, reason);
  }

  public static EngineException unavailable(String message) {
    return new EngineException(Kind.UNAVAILABLE, message);
  }
}
