package io.hatchet4j.engine.internal.model;

/**
 * An API token the engine issued: the token itself is never stored, only what checks it.
 *
 * <p>Not public API.
 *
 * @param id the token's {@code token_id} claim
 * @param issuedAtMs the token's {@code iat}, in milliseconds
 * @param expiresAtMs the token's {@code exp}, in milliseconds
 * @param revoked a revoked token is refused from the moment it is revoked
 */
public record ApiTokenRecord(
    String id, String tenantId, String name, long issuedAtMs, long expiresAtMs, boolean revoked) {

  public ApiTokenRecord revoke() {
    return new ApiTokenRecord(id, tenantId, name, issuedAtMs, expiresAtMs, true);
  }
}
