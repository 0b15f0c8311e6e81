package io.hatchet4j;

import java.time.Instant;

/**
 * A rate limit as the engine reports it.
 *
 * @param limit units per window
 * @param remaining units left in the current window
 * @param window the window as the engine names it, such as {@code 1 minute}
 * @param lastRefill when the current window began
 */
public record RateLimitState(String key, int limit, int remaining, String window, Instant lastRefill) {}
