package io.hatchet4j;

/** Thrown while building a client when its configuration is missing or invalid, such as a malformed token. */
public final class ConfigurationException extends HatchetException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
