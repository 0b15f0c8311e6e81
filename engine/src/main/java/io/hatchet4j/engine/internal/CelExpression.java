package io.hatchet4j.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * A CEL expression compiled in one of upstream's environments, evaluated against JSON values.
 *
 * <p>The full language of CEL, through Google's CEL library: literals, operators, the conditional,
 * member and index access, {@code size}, {@code has}, the macros ({@code all}, {@code exists},
 * {@code exists_one}, {@code map}, {@code filter}), conversions ({@code string(...)}, {@code
 * int(...)}), the strings extension and upstream's {@code checksum}. Expressions are parsed and
 * type-checked at {@link #compile}, as upstream's engine does, so {@code "a" + 1} or an unknown
 * variable is refused there; the environment, chosen by the variable names, is described in
 * {@link CelEnvironment}. Variables are JSON values (see {@link CelValues}: every JSON number is a
 * double, as in upstream). Immutable and thread-safe: compile once, evaluate from any thread. Not
 * public API.
 *
 * <p>Limits: an expression has at most {@link #MAX_LENGTH} characters and nests parentheses,
 * brackets, braces and negations at most {@link #MAX_DEPTH} levels deep; longer or deeper ones are
 * rejected with INVALID_ARGUMENT naming the limit before the library sees them, so a hostile one
 * cannot exhaust the stack of the thread that compiles it. The library itself refuses chains of
 * operators or fields more than 250 deep (as cel-go does), and a comprehension that iterates more
 * than {@link CelEnvironment#MAX_ITERATIONS} times fails when evaluated.
 */
public final class CelExpression {
  /**
   * Upstream's workflow-run environment, for concurrency keys and idempotency keys: {@code input},
   * {@code additional_metadata} and {@code workflow_run_id}.
   */
  public static final Set<String> WORKFLOW_RUN_VARIABLES = Set.of("input", "additional_metadata", "workflow_run_id");
  /**
   * Upstream's step-run environment, in which rate-limit key, units and limit expressions must
   * compile at registration: the workflow-run variables and {@code parents} (parent task name to
   * its output). Upstream evaluates every per-task expression in the workflow-run environment, so
   * there an expression that names {@code parents} passes registration and fails the task.
   */
  public static final Set<String> STEP_RUN_VARIABLES =
      Set.of("input", "additional_metadata", "workflow_run_id", "parents");
  /**
   * Upstream's event environment, for event filters: {@code input} (the event payload), {@code
   * payload} (the filter's payload), {@code additional_metadata}, {@code event_id} and {@code
   * event_key}.
   */
  public static final Set<String> EVENT_VARIABLES =
      Set.of("input", "payload", "additional_metadata", "event_id", "event_key");
  /**
   * Upstream's condition environment, for the expressions of wait, skip and cancel conditions:
   * {@code input} (an event's payload) and {@code output} (a parent's output). A blank expression
   * here is {@code true}, as upstream treats it.
   */
  public static final Set<String> CONDITION_VARIABLES = Set.of("input", "output");
  /** The longest expression accepted, in characters. */
  public static final int MAX_LENGTH = 4096;
  /** The deepest nesting of parentheses, brackets, braces and negations accepted. */
  public static final int MAX_DEPTH = 64;

  /** Compiled expressions kept for reuse: type-checking costs far more than evaluating. */
  static final int MAX_CACHED = 1024;

  /** The position prefix of the library's evaluation errors, which says nothing to a user. */
  private static final Pattern EVALUATION_PREFIX = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");

  private record Key(Set<String> variables, String text) {}

  /** Least recently used first, so a full cache drops the expression unused for longest. */
  private static final Map<Key, CelExpression> CACHE = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CelExpression> eldest) {
          return size() > MAX_CACHED;
        }
      });

  private final String text;
  private final CelRuntime.Program program;

  private CelExpression(String text, CelRuntime.Program program) {
    this.text = text;
    this.program = program;
  }

  /**
   * Compiles (parses and type-checks) an expression in the environment that declares these
   * variable names, for example {@link #WORKFLOW_RUN_VARIABLES}. The last {@link #MAX_CACHED}
   * expressions compiled are kept, so compiling the same text again costs a lookup.
   *
   * @throws EngineException INVALID_ARGUMENT naming the expression and the problem
   */
  public static CelExpression compile(@Nullable String text, Set<String> variables) {
    Key key = new Key(Set.copyOf(variables), text == null ? "" : text);
    CelExpression cached = CACHE.get(key);
    if (cached == null) {
      cached = compileNew(text, variables);
      CACHE.put(key, cached);
    }
    return cached;
  }

  private static CelExpression compileNew(@Nullable String text, Set<String> variables) {
    boolean blank = text == null || text.isBlank();
    if (blank && !variables.equals(CONDITION_VARIABLES)) {
      throw EngineException.invalidArgument("expression is empty");
    }
    String source = blank ? "true" : text;
    if (source.length() > MAX_LENGTH) {
      throw EngineException.invalidArgument("expression is longer than " + MAX_LENGTH + " characters ("
          + source.length() + ")");
    }
    if (nestsTooDeep(source)) {
      throw EngineException.invalidArgument("expression nests deeper than " + MAX_DEPTH + " levels");
    }
    Cel cel = CelEnvironment.of(variables);
    try {
      CelValidationResult result = cel.compile(source);
      if (result.hasError()) {
        throw EngineException.invalidArgument("invalid expression '" + source + "': " + describe(result));
      }
      return new CelExpression(blank ? "" : source, cel.createProgram(result.getAst()));
    } catch (CelValidationException | CelEvaluationException e) {
      throw EngineException.invalidArgument("invalid expression '" + source + "': " + e.getMessage());
    } catch (StackOverflowError e) {
      // Within the limits above compiling needs under 512 KiB of stack (a thread has 1 MiB by
      // default); a safety net for smaller stacks, so that no text can stop a thread.
      throw EngineException.invalidArgument("expression '" + source + "' nests too deeply to compile");
    }
  }

  /** Whether the expression is {@code true} for these variable values; anything else, or an error, is false. */
  public boolean matches(Map<String, JsonNode> variables) {
    try {
      return Boolean.TRUE.equals(run(variables));
    } catch (CelEvaluationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Why a per-task expression's value (a concurrency key, a rate-limit key, units or limit) is
   * unusable, in upstream's words, or null when it is a string or a number: upstream reads only
   * those two kinds (a double as an int) before it checks which one the expression needed.
   */
  @Nullable
  public static String stepOutputError(JsonNode value) {
    if (value.isTextual() || value.isNumber()) {
      return null;
    }
    String type = value.isBoolean() ? "bool" : value.isArray() ? "list" : value.isObject() ? "map" : "null_type";
    return "output must evaluate to a string or integer: got " + type;
  }

  /**
   * The expression's value for these variable values, as JSON (a string, number, boolean, list,
   * object or null), for expressions that compute a key or a count rather than a verdict.
   *
   * @throws EngineException INVALID_ARGUMENT when the expression cannot be evaluated on these values
   */
  public JsonNode evaluate(Map<String, JsonNode> variables) {
    return CelValues.toJson(value(variables));
  }

  /**
   * The expression's value, which must be a string, as upstream requires of concurrency and
   * idempotency keys.
   *
   * @throws EngineException INVALID_ARGUMENT when it cannot be evaluated or is not a string
   *     ({@code output must evaluate to a string: got int})
   */
  public String evaluateString(Map<String, JsonNode> variables) {
    Object value = value(variables);
    if (value instanceof String s) {
      return s;
    }
    throw EngineException.invalidArgument("expression '" + text + "': output must evaluate to a string: got "
        + CelValues.typeName(value));
  }

  /**
   * The expression's value as a whole number, as upstream reads rate-limit units and limits: an
   * int, or a double cut toward zero.
   *
   * @throws EngineException INVALID_ARGUMENT when it cannot be evaluated or is not a number
   */
  public long evaluateLong(Map<String, JsonNode> variables) {
    Object value = value(variables);
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Double d) {
      return d.longValue();
    }
    throw EngineException.invalidArgument("expression '" + text + "': output must evaluate to an integer: got "
        + CelValues.typeName(value));
  }

  @Override
  public String toString() {
    return text;
  }

  private Object value(Map<String, JsonNode> variables) {
    try {
      return run(variables);
    } catch (CelEvaluationException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw EngineException.invalidArgument("expression '" + text + "' cannot be evaluated: "
          + EVALUATION_PREFIX.matcher(reason).replaceFirst(""));
    }
  }

  /** Evaluates, converting only the variables the expression reads. */
  private Object run(Map<String, JsonNode> variables) throws CelEvaluationException {
    return program.eval(name -> Optional.ofNullable(variables.get(name)).map(CelValues::toCel));
  }

  /** The library's errors, one per problem, as {@code line:column: message} (columns from 1). */
  private static String describe(CelValidationResult result) {
    return result.getErrors().stream()
        .map(issue -> issue.getSourceLocation().getLine() + ":" + (issue.getSourceLocation().getColumn() + 1) + ": "
            + issue.getMessage())
        .collect(Collectors.joining("; "));
  }

  // ---------------------------------------------------------------- nesting

  /**
   * Whether brackets and negations nest deeper than {@link #MAX_DEPTH}: a scan of the characters
   * that skips string literals and comments, with no recursion. Each negation counts one level
   * for what it negates, each opening bracket one more than where it stands.
   */
  private static boolean nestsTooDeep(String text) {
    int[] levels = new int[MAX_DEPTH];
    int open = 0;
    int negations = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int base = open == 0 ? 0 : levels[open - 1];
      if (c == '(' || c == '[' || c == '{') {
        int level = base + negations + 1;
        if (level > MAX_DEPTH) {
          return true;
        }
        levels[open++] = level;
        negations = 0;
      } else if (c == ')' || c == ']' || c == '}') {
        open = Math.max(0, open - 1);
        negations = 0;
      } else if (c == '!' && !text.startsWith("=", i + 1)) {
        if (base + ++negations > MAX_DEPTH) {
          return true;
        }
      } else if (c == '"' || c == '\'') {
        i = stringEnd(text, i) - 1;
        negations = 0;
      } else if (c == '/' && text.startsWith("/", i + 1)) {
        int newline = text.indexOf('\n', i);
        i = newline < 0 ? text.length() : newline;
      } else if (!Character.isWhitespace(c)) {
        negations = 0;
      }
    }
    return false;
  }

  /** Where the string literal whose quote is at {@code quote} ends (or the text, if it does not). */
  private static int stringEnd(String text, int quote) {
    char q = text.charAt(quote);
    boolean raw = isRawPrefix(text, quote - 1) || (isRawPrefix(text, quote - 2) && "bB".indexOf(text.charAt(quote - 1)) >= 0);
    String triple = String.valueOf(new char[] {q, q, q});
    boolean isTriple = text.startsWith(triple, quote);
    int i = quote + (isTriple ? 3 : 1);
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && !raw) {
        i += 2;
      } else if (isTriple ? text.startsWith(triple, i) : c == q) {
        return i + (isTriple ? 3 : 1);
      } else {
        i++;
      }
    }
    return text.length();
  }

  private static boolean isRawPrefix(String text, int at) {
    return at >= 0 && (text.charAt(at) == 'r' || text.charAt(at) == 'R');
  }
}
