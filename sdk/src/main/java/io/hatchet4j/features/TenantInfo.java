package io.hatchet4j.features;

/**
 * The tenant the client's token belongs to (upstream's {@code Tenant}).
 *
 * @param version the engine generation serving it, {@code V1}
 */
public record TenantInfo(String id, String name, String slug, String version) {}
