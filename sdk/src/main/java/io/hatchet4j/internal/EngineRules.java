package io.hatchet4j.internal;

import java.util.regex.Pattern;

/**
 * Rules the engine applies when definitions are registered, checked by the builders first so a
 * mistake fails at {@code build()} with the engine's reason rather than at worker start. Not
 * public API.
 */
public final class EngineRules {
  /** The engine's rule for workflow, task and worker names, in its words. */
  public static final String NAME_RULE = "Hatchet names must match the regex ^[a-zA-Z0-9\\.\\-_]+$";
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9.\\-_]+$");

  private EngineRules() {}

  /**
   * Checks a name the engine requires to be letters, digits, dot, dash and underscore.
   *
   * @throws IllegalArgumentException naming the engine's rule otherwise
   */
  public static String requireName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is refused by the engine: " + NAME_RULE);
    }
    return name;
  }

  /**
   * Checks a cron expression as far as the engine's rule goes without its parser: five fields, or
   * six with leading seconds, and no {@code @} macro (the engine's parser takes none).
   *
   * @return the expression without surrounding blanks
   * @throws IllegalArgumentException otherwise, saying "Invalid cron expression" as the engine does
   */
  public static String requireCron(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("cron expression must not be blank");
    }
    String trimmed = expression.trim();
    int fields = trimmed.split("\\s+").length;
    if (trimmed.startsWith("@") || fields < 5 || fields > 6) {
      throw new IllegalArgumentException("Invalid cron expression: '" + expression
          + "' (the engine takes five fields, or six with leading seconds, and no @ macros)");
    }
    return trimmed;
  }
}
