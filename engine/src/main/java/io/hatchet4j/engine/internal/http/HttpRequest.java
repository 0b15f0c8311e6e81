package io.hatchet4j.engine.internal.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A request as a route handler sees it.
 *
 * @param pathParams values of the route's {@code {name}} segments
 * @param tenantId the authenticated tenant, or null on routes without authentication
 */
record HttpRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    @Nullable String tenantId,
    byte[] body) {

  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The tenant of an authenticated route. */
  public String requireTenantId() {
    if (tenantId == null) {
      throw new IllegalStateException("route is not authenticated");
    }
    return tenantId;
  }
}
