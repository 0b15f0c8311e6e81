package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A rate limit a task consumes: units of a key, taken when the engine assigns the task and
 * refilled once per window.
 *
 * <p>Immutable. A static limit names a key that {@link Hatchet#rateLimits()} declares; a dynamic
 * one computes its key (and optionally its units and limit) with CEL expressions over {@code
 * input}, {@code additional_metadata}, {@code workflow_run_id} and {@code parents} when each task
 * is created, and declares the limit itself.
 *
 * <pre>{@code
 * RateLimit.staticKey("external-api").setUnits(1).build();
 * RateLimit.dynamicKey("input.user_id").setUnits(1).setLimit(10).setDuration(RateLimitDuration.MINUTE).build();
 * }</pre>
 */
public final class RateLimit {
  private final String key;
  private final boolean dynamic;
  private final Integer units;
  private final String unitsExpression;
  private final String limitExpression;
  private final RateLimitDuration duration;

  private RateLimit(Builder builder) {
    this.key = builder.key;
    this.dynamic = builder.dynamic;
    this.units = builder.units;
    this.unitsExpression = builder.unitsExpression;
    this.limitExpression = builder.limitExpression;
    this.duration = builder.duration;
  }

  /** A limit on a key declared beforehand with {@link RateLimits#put}. */
  public static Builder staticKey(String key) {
    return new Builder(key, false);
  }

  /** A limit whose key is a CEL expression, for example {@code input.user_id}; it needs a limit. */
  public static Builder dynamicKey(String keyExpression) {
    return new Builder(keyExpression, true);
  }

  /** The static key, or the key expression of a dynamic limit. */
  public String key() {
    return key;
  }

  public boolean isDynamic() {
    return dynamic;
  }

  /** The units each task takes, when not an expression. */
  public Optional<Integer> units() {
    return Optional.ofNullable(units);
  }

  /** The CEL expression for the units, if they are one. */
  public Optional<String> unitsExpression() {
    return Optional.ofNullable(unitsExpression);
  }

  /**
   * The limit the task declares: a number or a CEL expression as text; absent when the key must
   * already exist.
   */
  public Optional<String> limitExpression() {
    return Optional.ofNullable(limitExpression);
  }

  public RateLimitDuration duration() {
    return duration;
  }

  @Override
  public String toString() {
    return "RateLimit{" + (dynamic ? "dynamicKey=" : "staticKey=") + key + ", units="
        + (units != null ? units : unitsExpression) + ", limit=" + limitExpression + ", duration=" + duration + "}";
  }

  /** Builds a {@link RateLimit}. Not thread-safe. */
  public static final class Builder {
    private final String key;
    private final boolean dynamic;
    private Integer units = 1;
    private String unitsExpression;
    private String limitExpression;
    private RateLimitDuration duration = RateLimitDuration.MINUTE;

    private Builder(String key, boolean dynamic) {
      requireNonNull(key, dynamic ? "keyExpression" : "key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("a rate limit key must not be blank");
      }
      this.key = key;
      this.dynamic = dynamic;
    }

    /** Units each task takes; default 1. */
    public Builder setUnits(int units) {
      if (units < 1) {
        throw new IllegalArgumentException("rate limit units must be at least 1; got " + units);
      }
      this.units = units;
      this.unitsExpression = null;
      return this;
    }

    /** Units each task takes, as a CEL expression that yields an int, such as {@code input.units}. */
    public Builder setUnits(String unitsExpression) {
      this.unitsExpression = requireExpression(unitsExpression, "units");
      this.units = null;
      return this;
    }

    /** The limit per window the task declares for its key. */
    public Builder setLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("a rate limit's limit must not be negative; got " + limit);
      }
      this.limitExpression = Integer.toString(limit);
      return this;
    }

    /** The limit per window, as a CEL expression that yields an int. */
    public Builder setLimit(String limitExpression) {
      this.limitExpression = requireExpression(limitExpression, "limit");
      return this;
    }

    /** The window the limit counts over; default {@link RateLimitDuration#MINUTE}. */
    public Builder setDuration(RateLimitDuration duration) {
      this.duration = requireNonNull(duration, "duration");
      return this;
    }

    /**
     * Builds the rate limit.
     *
     * @throws IllegalStateException for a dynamic key without a limit, which the engine could not
     *     declare (the official SDKs refuse it the same way)
     */
    public RateLimit build() {
      if (dynamic && limitExpression == null) {
        throw new IllegalStateException("rate limit " + key + ": CEL based keys requires limit to be set");
      }
      return new RateLimit(this);
    }

    private static String requireExpression(String expression, String what) {
      requireNonNull(expression, what);
      if (expression.isBlank()) {
        throw new IllegalArgumentException("a rate limit's " + what + " expression must not be blank");
      }
      return expression;
    }
  }
}
