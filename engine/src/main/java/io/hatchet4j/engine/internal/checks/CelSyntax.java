package io.hatchet4j.engine.internal.checks;

import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.EngineException;
import java.util.Set;

/**
 * Whether a text compiles as a CEL expression in one of upstream's environments, as registration
 * checks it: parsed and type-checked by the CEL library ({@link CelExpression}), so a broken
 * grammar, an unknown name or a type error ({@code "a" + 1}) fails. Registration answers "Invalid
 * CEL expression" either way, without the library's reason, as upstream does. Not public API.
 */
public final class CelSyntax {
  /** Upstream's workflow-run environment: concurrency keys, idempotency keys. */
  public static final Set<String> WORKFLOW_RUN = CelExpression.WORKFLOW_RUN_VARIABLES;
  /** Upstream's step-run environment: rate-limit key, units and limit expressions. */
  public static final Set<String> STEP_RUN = CelExpression.STEP_RUN_VARIABLES;

  private CelSyntax() {}

  /** Whether {@code text} is a CEL expression that compiles with {@code variables}. */
  public static boolean compiles(String text, Set<String> variables) {
    try {
      CelExpression.compile(text, variables);
      return true;
    } catch (EngineException e) {
      return false;
    }
  }
}
