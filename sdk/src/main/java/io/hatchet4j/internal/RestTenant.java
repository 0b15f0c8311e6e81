package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.features.Tenant;
import io.hatchet4j.features.TenantInfo;

/** {@link Tenant} over the engine's tenant route. Not public API; thread-safe. */
final class RestTenant implements Tenant {
  private final RestClient rest;

  RestTenant(ClientRuntime runtime) {
    this.rest = runtime.rest();
  }

  @Override
  public TenantInfo get() {
    JsonNode tenant = rest.get(rest.tenantPath(""), "reading the tenant");
    return new TenantInfo(RestRows.id(tenant), tenant.path("name").asText(), tenant.path("slug").asText(),
        tenant.path("version").asText());
  }
}
