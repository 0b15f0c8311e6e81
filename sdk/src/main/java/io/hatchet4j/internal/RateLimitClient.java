package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.RateLimitDuration;
import io.hatchet4j.RateLimitState;
import io.hatchet4j.RateLimits;
import io.hatchet4j.proto.workflows.PutRateLimitRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit feature client: {@code PutRateLimit} over gRPC and the tenant's list over REST,
 * as the official SDKs call them. Keys are not namespaced (the official SDKs do not either). Not
 * public API.
 */
public final class RateLimitClient implements RateLimits {
  /** The most limits upstream lists for a tenant. */
  private static final int MAX_LIMITS = 10_000;

  private final ClientRuntime runtime;

  public RateLimitClient(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void put(String key, int limit, RateLimitDuration duration) {
    requireNonNull(key, "key");
    requireNonNull(duration, "duration");
    PutRateLimitRequest request = PutRateLimitRequest.newBuilder()
        .setKey(key)
        .setLimit(limit)
        .setDuration(io.hatchet4j.proto.workflows.RateLimitDuration.valueOf(duration.name()))
        .build();
    String operation = "putting rate limit " + key;
    runtime.unary(operation, Retrier.Replay.ALWAYS, () -> runtime.connection().workflows().putRateLimit(request));
  }

  @Override
  public List<RateLimitState> list() {
    RestClient rest = runtime.rest();
    JsonNode page = rest.get(rest.tenantPath("/rate-limits" + RestClient.query(Map.of("limit", MAX_LIMITS))),
        "listing rate limits");
    List<RateLimitState> limits = new ArrayList<>();
    for (JsonNode row : page.path("rows")) {
      limits.add(new RateLimitState(row.path("key").asText(), row.path("limitValue").asInt(),
          row.path("value").asInt(), row.path("window").asText(), Instant.parse(row.path("lastRefill").asText())));
    }
    return limits;
  }
}
