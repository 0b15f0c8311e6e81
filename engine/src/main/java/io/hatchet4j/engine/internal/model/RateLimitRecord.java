package io.hatchet4j.engine.internal.model;

/**
 * One tenant rate limit: a fixed window of {@code limitValue} units, of which {@code value} are
 * left until the window that began at {@code lastRefillMs} ends. Not public API.
 *
 * @param window the window's name: SECOND, MINUTE, HOUR, DAY, WEEK, MONTH or YEAR
 */
public record RateLimitRecord(
    String tenantId,
    String key,
    int limitValue,
    int value,
    String window,
    long lastRefillMs) {

  /** The table key: a tenant's limits are one key range. */
  public static String tableKey(String tenantId, String key) {
    return tenantId + "/" + key;
  }
}
