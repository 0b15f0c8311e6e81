package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the client retries a call that failed because the engine could not be reached ({@code
 * UNAVAILABLE}: connection refused or reset, the engine restarting or shutting down): triggers,
 * bulk triggers, schedules, event pushes, workflow and worker registration and the other unary calls.
 *
 * <p>The delay before retry {@code n} (1 for the first retry) is {@code min(maxBackoff,
 * initialBackoff * multiplier^(n-1))} plus a random jitter between zero and {@link #jitter()}, the
 * shape of the official SDKs' retries. The defaults (10 attempts, 100 ms doubling up to 5 s, 100 ms
 * jitter) keep trying for about 21 seconds, longer than the official Python (5 attempts from 1 s)
 * and TypeScript (8 attempts from 100 ms) SDKs, so a client rides out an engine restart.
 *
 * <p>Only {@code UNAVAILABLE} is retried; any other code is the engine's answer. The client cannot
 * always tell whether the engine received an attempt before the connection broke, so: child runs are
 * sent again freely (the engine deduplicates them by parent task and child index or key); a
 * top-level run with a {@linkplain TriggerOptions#key() key} only when the attempt provably never
 * reached the engine; other top-level runs, bulk triggers, schedules and events are sent again as
 * the official SDKs send them, and can then exist twice. A retry that meets an idempotency key
 * collision returns the run that holds the key.
 *
 * <p>Immutable and thread-safe. {@link #none()} turns retries off.
 *
 * <pre>{@code
 * Hatchet hatchet = Hatchet.builder()
 *     .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(5).setMaxBackoff(Duration.ofSeconds(2)).build())
 *     .build();
 * }</pre>
 */
public final class RetryPolicy {
  /** Attempts of the default policy, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;
  /** Delay before the first retry of the default policy, the official TypeScript SDK's. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  /** The longest delay between two attempts of the default policy. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
  /** Growth of the delay from one retry to the next in the default policy. */
  public static final double DEFAULT_MULTIPLIER = 2.0;
  /** The most random delay added to each backoff in the default policy, the TypeScript SDK's. */
  public static final Duration DEFAULT_JITTER = Duration.ofMillis(100);

  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().setMaxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final Duration jitter;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.multiplier = builder.multiplier;
    this.jitter = builder.jitter;
  }

  /** Ten attempts, backing off from 100 ms, doubling, to at most 5 s, with up to 100 ms of jitter. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt: a failed call fails at once. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .setMaxAttempts(maxAttempts)
        .setInitialBackoff(initialBackoff)
        .setMaxBackoff(maxBackoff)
        .setMultiplier(multiplier)
        .setJitter(jitter);
  }

  /**
   * The policy the official SDKs' variables describe, each unset one from {@code fallback}:
   * {@code HATCHET_CLIENT_RETRIER_MAX_ATTEMPTS} (TypeScript), else {@code
   * HATCHET_CLIENT_TENACITY_MAX_ATTEMPTS} (Python), where 0 or less means no retries; {@code
   * HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL} in seconds; {@code HATCHET_CLIENT_RETRIER_MAX_JITTER}
   * in milliseconds.
   *
   * @throws ConfigurationException if a variable is not a number
   */
  static RetryPolicy fromEnvironment(Function<String, String> env, RetryPolicy fallback) {
    Builder builder = fallback.toBuilder();
    String attempts = firstSet(env, "HATCHET_CLIENT_RETRIER_MAX_ATTEMPTS", "HATCHET_CLIENT_TENACITY_MAX_ATTEMPTS");
    if (attempts != null) {
      builder.setMaxAttempts((int) Math.max(1, Math.min(Integer.MAX_VALUE, number(env, attempts, false))));
    }
    String interval = env.apply("HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL");
    if (interval != null && !interval.isBlank()) {
      double seconds = number(env, "HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL", true);
      builder.setInitialBackoff(Duration.ofNanos(Math.round(seconds * 1e9)));
      if (builder.maxBackoff.compareTo(builder.initialBackoff) < 0) {
        builder.setMaxBackoff(builder.initialBackoff);
      }
    }
    String jitter = env.apply("HATCHET_CLIENT_RETRIER_MAX_JITTER");
    if (jitter != null && !jitter.isBlank()) {
      builder.setJitter(Duration.ofMillis((long) number(env, "HATCHET_CLIENT_RETRIER_MAX_JITTER", false)));
    }
    return builder.build();
  }

  private static String firstSet(Function<String, String> env, String... names) {
    for (String name : names) {
      String value = env.apply(name);
      if (value != null && !value.isBlank()) {
        return name;
      }
    }
    return null;
  }

  private static double number(Function<String, String> env, String name, boolean fraction) {
    String text = env.apply(name).trim();
    try {
      double value = fraction ? Double.parseDouble(text) : Long.parseLong(text);
      if (fraction && (value < 0 || Double.isNaN(value) || Double.isInfinite(value))) {
        throw new NumberFormatException();
      }
      if (!fraction && name.endsWith("_MAX_JITTER") && value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          name + " must be " + (fraction ? "a non-negative number of seconds" : "a whole number") + "; got '" + text + "'");
    }
  }

  /** How many times a call is sent at most, the first included; 1 means no retries. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The delay before the first retry, without jitter. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The longest delay between two attempts, without jitter. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** How much the delay grows from one retry to the next. */
  public double multiplier() {
    return multiplier;
  }

  /** The most random delay added to each backoff. */
  public Duration jitter() {
    return jitter;
  }

  /**
   * The delay before retry {@code retry} (1 for the first) given a random {@code unit} in [0, 1):
   * {@code min(maxBackoff, initialBackoff * multiplier^(retry-1)) + unit * jitter}.
   */
  public Duration backoff(int retry, double unit) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1, got " + retry);
    }
    double base = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    long capped = (long) Math.min((double) maxBackoff.toNanos(), base);
    long random = (long) (Math.max(0, Math.min(1, unit)) * jitter.toNanos());
    return Duration.ofNanos(capped + random);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof RetryPolicy)) {
      return false;
    }
    RetryPolicy that = (RetryPolicy) other;
    return maxAttempts == that.maxAttempts
        && initialBackoff.equals(that.initialBackoff)
        && maxBackoff.equals(that.maxBackoff)
        && Double.compare(multiplier, that.multiplier) == 0
        && jitter.equals(that.jitter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
        + ", multiplier=" + multiplier + ", jitter=" + jitter + "}";
  }

  /** Builds a {@link RetryPolicy}; each setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private double multiplier = DEFAULT_MULTIPLIER;
    private Duration jitter = DEFAULT_JITTER;

    private Builder() {}

    /** Attempts in all, the first included: at least 1 (no retries). */
    public Builder setMaxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The delay before the first retry; zero or more. */
    public Builder setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = notNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /** The longest delay between attempts; zero or more. */
    public Builder setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = notNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /** The growth of the delay per retry; at least 1. */
    public Builder setMultiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be a finite number of at least 1, got " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The most random delay added to each backoff, so that many clients do not retry in step; zero or more. */
    public Builder setJitter(Duration jitter) {
      this.jitter = notNegative(jitter, "jitter");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException if the maximum backoff is below the initial one
     */
    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff (" + maxBackoff + ") must not be below initialBackoff (" + initialBackoff + ")");
      }
      return new RetryPolicy(this);
    }

    private static Duration notNegative(Duration value, String name) {
      requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
      return value;
    }
  }
}
