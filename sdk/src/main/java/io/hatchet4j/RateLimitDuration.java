package io.hatchet4j;

/** The window of a rate limit: its units refill to the limit once per window. */
public enum RateLimitDuration {
  SECOND,
  MINUTE,
  HOUR,
  DAY,
  WEEK,
  MONTH,
  YEAR
}
