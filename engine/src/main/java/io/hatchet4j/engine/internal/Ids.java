package io.hatchet4j.engine.internal;

import java.util.UUID;
import javax.annotation.Nullable;

/** Creates and checks the UUID strings the protocol uses as ids. Not public API. */
public final class Ids {
  private Ids() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Returns the canonical lower-case form of a UUID string, or null if it is not one. */
  @Nullable
  public static String canonicalOrNull(@Nullable String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Returns the canonical form of a UUID string.
   *
   * @throws EngineException INVALID_ARGUMENT naming {@code field} if it is not a UUID
   */
  public static String require(@Nullable String text, String field) {
    String id = canonicalOrNull(text);
    if (id == null) {
      throw EngineException.invalidArgument(field + " '" + text + "' is not a valid UUID");
    }
    return id;
  }
}
