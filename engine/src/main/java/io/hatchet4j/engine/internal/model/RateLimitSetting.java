package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * A rate limit a task consumes, as registered ({@code CreateTaskRateLimit}). Not public API.
 *
 * <p>When any of the three expressions is set the limit is dynamic: each missing expression stands
 * for its static value (the key as a string, the units as a number), as upstream stores it.
 *
 * @param key the static key (for a dynamic limit the SDKs repeat the key expression here)
 * @param units units consumed per task, when not an expression
 * @param keyExpr CEL for the key
 * @param unitsExpr CEL for the units
 * @param limitExpr CEL for the limit; {@code "-1"} means "do not declare, the limit must exist"
 * @param duration the window name ({@code SECOND} ... {@code YEAR}), null for MINUTE
 */
public record RateLimitSetting(
    String key,
    @Nullable Integer units,
    @Nullable String keyExpr,
    @Nullable String unitsExpr,
    @Nullable String limitExpr,
    @Nullable String duration) {

  /** Whether upstream keeps this limit as expressions rather than a plain static key. */
  public boolean isDynamic() {
    return keyExpr != null || unitsExpr != null || limitExpr != null;
  }
}
