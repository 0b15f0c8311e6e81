package io.hatchet4j;

import java.util.List;

/**
 * The tenant's rate limits; from {@link Hatchet#rateLimits()}. Thread-safe.
 *
 * <p>A task consumes a limit it declares with {@link io.hatchet4j.workflow.Task.Builder#addRateLimit}.
 */
public interface RateLimits {

  /**
   * Declares or changes a limit: {@code limit} units per {@code duration}. A new key starts full;
   * an existing one keeps what is left of its window, lowered to the new limit if above it.
   */
  void put(String key, int limit, RateLimitDuration duration);

  /** The tenant's limits, by key. */
  List<RateLimitState> list();
}
