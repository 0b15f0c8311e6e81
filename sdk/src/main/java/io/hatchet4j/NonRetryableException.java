package io.hatchet4j;

/**
 * Thrown from a task to fail its run at once, without the retries the task declares.
 *
 * <p>Use it for errors that a retry cannot fix, such as invalid input.
 */
public class NonRetryableException extends HatchetException {
  private static final long serialVersionUID = 1L;

  public NonRetryableException(String message) {
    super(message);
  }

  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
