package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A concurrency limit: at most {@link #maxRuns()} runs at a time share a key, the value of a CEL
 * {@link #expression()} over the run's input; what happens to more is the {@link #limitStrategy()}.
 *
 * <p>Declared on a {@linkplain Workflow.Builder#addConcurrency workflow} it counts whole runs; on a
 * {@linkplain Task.Builder#addConcurrency task}, runs of that task. Several limits apply one after
 * the other: a run must get a place under each. The expression sees {@code input}, {@code
 * additional_metadata} and {@code workflow_run_id} and must yield a string; a run whose key cannot
 * be evaluated fails with the reason.
 *
 * <pre>{@code
 * // At most 5 runs per customer at a time; the rest wait their turn.
 * ConcurrencyExpression perCustomer =
 *     ConcurrencyExpression.of("input.customerId", 5, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN);
 * }</pre>
 *
 * @param expression the CEL expression that computes the key, e.g. {@code input.customerId}
 * @param maxRuns how many runs of one key may be in progress at a time, at least 1
 * @param limitStrategy what happens to runs beyond the limit
 */
public record ConcurrencyExpression(String expression, int maxRuns, ConcurrencyLimitStrategy limitStrategy) {
  /** The engine's limit when none is given. */
  public static final int DEFAULT_MAX_RUNS = 1;
  /** The engine's strategy when none is given. */
  public static final ConcurrencyLimitStrategy DEFAULT_LIMIT_STRATEGY = ConcurrencyLimitStrategy.CANCEL_IN_PROGRESS;

  private static final Pattern READS_PARENTS = Pattern.compile("(?<![\\w.'\"])parents\\b");

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException for a blank expression, one that reads {@code parents}, or a
   *     limit below 1
   */
  public ConcurrencyExpression {
    requireNonNull(expression, "expression");
    requireNonNull(limitStrategy, "limitStrategy");
    if (expression.isBlank()) {
      // The engine's words for the same refusal.
      throw new IllegalArgumentException("CEL expression is required for concurrency");
    }
    if (READS_PARENTS.matcher(expression).find()) {
      // The engine refuses it: keys are evaluated when a run's first task is queued, before any output exists.
      throw new IllegalArgumentException("a concurrency expression cannot read parents' outputs: " + expression);
    }
    if (maxRuns < 1) {
      throw new IllegalArgumentException("maxRuns must be at least 1, got " + maxRuns + ": no run of the key could ever start");
    }
  }

  /** A limit with the engine's defaults: one run per key, the newest cancelling the one in progress. */
  public static ConcurrencyExpression of(String expression) {
    return new ConcurrencyExpression(expression, DEFAULT_MAX_RUNS, DEFAULT_LIMIT_STRATEGY);
  }

  /** A limit of {@code maxRuns} runs per key at a time, with this strategy for the runs beyond it. */
  public static ConcurrencyExpression of(String expression, int maxRuns, ConcurrencyLimitStrategy limitStrategy) {
    return new ConcurrencyExpression(expression, maxRuns, limitStrategy);
  }

  /**
   * At most {@code maxRuns} runs at a time, all sharing one constant key, the rest waiting their
   * turn: what the Python SDK declares for {@code concurrency=<int>}.
   */
  public static ConcurrencyExpression constant(int maxRuns) {
    return new ConcurrencyExpression("'constant'", maxRuns, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN);
  }
}
