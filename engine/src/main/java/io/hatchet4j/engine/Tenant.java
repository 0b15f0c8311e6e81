package io.hatchet4j.engine;

import static java.util.Objects.requireNonNull;

/**
 * A tenant of the engine: the unit that owns workflows, workers, runs and events.
 *
 * <p>Tenants cannot see each other's data. The {@code token} authenticates as this tenant on gRPC
 * ({@code authorization: bearer <token>}) and HTTP ({@code Authorization: Bearer <token>}).
 *
 * @param id the tenant's UUID, the {@code sub} claim of its tokens
 * @param name a display name
 * @param token an API token for this tenant, usable as {@code HATCHET_CLIENT_TOKEN}
 */
public record Tenant(String id, String name, String token) {
  public Tenant {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(token, "token");
  }

  /** Keeps the token out of logs. */
  @Override
  public String toString() {
    return "Tenant{id=" + id + ", name=" + name + '}';
  }
}
