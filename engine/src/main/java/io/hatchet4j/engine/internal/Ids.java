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
    if (isCanonical(text)) {
      return text; // what parsing and printing would give back, without either (the collector's hot path)
    }
    try {
      return UUID.fromString(text).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether {@code text} (36 characters) is a UUID as {@link UUID#toString()} prints it: lower-case hex, hyphens at 8, 13, 18, 23. */
  private static boolean isCanonical(String text) {
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
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
