package io.hatchet4j;

/**
 * The engine refused a call or could not be reached.
 *
 * <p>{@link #code()} is the gRPC status code name, such as {@code UNAUTHENTICATED} for a token the
 * engine does not accept, {@code INVALID_ARGUMENT} for input it rejects or a run of an unknown
 * workflow ({@code workflow names not found: <name>}, as the real engine answers), {@code NOT_FOUND}
 * for an unknown run, or {@code UNAVAILABLE} when it cannot be reached.
 */
public class EngineException extends HatchetException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public EngineException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The gRPC status code name. */
  public String code() {
    return code;
  }
}
