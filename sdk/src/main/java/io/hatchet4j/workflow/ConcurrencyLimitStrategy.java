package io.hatchet4j.workflow;

/**
 * What the engine does with runs of one concurrency key beyond its {@link
 * ConcurrencyExpression#maxRuns() limit}.
 */
public enum ConcurrencyLimitStrategy {
  /**
   * The newest run wins: it takes the place of the oldest one in progress, which is cancelled
   * (its worker is told to stop). The engine's default.
   */
  CANCEL_IN_PROGRESS,
  /** The runs in progress win: a run that finds the key full is cancelled at once. */
  CANCEL_NEWEST,
  /**
   * Runs beyond the limit wait their turn, oldest first within a key; every key gets up to its
   * limit at the same time, so a backlog on one key never holds back another.
   */
  GROUP_ROUND_ROBIN
}
