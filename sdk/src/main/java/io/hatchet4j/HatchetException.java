package io.hatchet4j;

/**
 * Base of every exception the SDK throws.
 *
 * <p>Unchecked, so that callers handle what they can and let the rest propagate.
 */
public class HatchetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HatchetException(String message) {
    super(message);
  }

  public HatchetException(String message, Throwable cause) {
    super(message, cause);
  }
}
