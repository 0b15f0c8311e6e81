package io.hatchet4j.engine.internal.auth;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.ApiTokenRecord;
import io.hatchet4j.engine.internal.store.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.annotation.Nullable;

/**
 * The engine's API tokens: issues them, lists and revokes them, and decides whether a presented
 * token is good.
 *
 * <p>Not public API. Thread-safe. A token is good when its signature, issuer, audience and expiry
 * check out, its {@code token_id} names a record of its tenant that is neither revoked nor expired,
 * and the tenant exists. Records live in the store's {@code api_tokens} table and in a map that
 * every check reads, so a revocation takes effect at once and survives a restart.
 */
public final class TokenRegistry {
  /** Name of the token the engine prints and hands out for a tenant. */
  public static final String DEFAULT_NAME = "default";

  /** Makes the registry's writes durable before it answers; the engine passes its store's commit. */
  @FunctionalInterface
  public interface Durability {
    void awaitCommit();
  }

  /** A new token and its record; the token is shown once and never stored. */
  public record Issued(ApiTokenRecord record, String token) {}

  private final TokenSigner signer;
  private final Table<ApiTokenRecord> table;
  private final Predicate<String> tenantExists;
  private final Clock clock;
  private final Duration lifetime;
  private final Durability durability;
  private final Map<String, ApiTokenRecord> records = new ConcurrentHashMap<>();
  private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
  private volatile String serverUrl = "";
  private volatile String grpcAddress = "";

  /**
   * @param lifetime how long tokens are valid when their issuer names no lifetime
   */
  public TokenRegistry(TokenSigner signer, Table<ApiTokenRecord> table, Predicate<String> tenantExists, Clock clock,
      Duration lifetime, Durability durability) {
    this.signer = requireNonNull(signer, "signer");
    this.table = requireNonNull(table, "table");
    this.tenantExists = requireNonNull(tenantExists, "tenantExists");
    this.clock = requireNonNull(clock, "clock");
    this.lifetime = requireNonNull(lifetime, "lifetime");
    this.durability = requireNonNull(durability, "durability");
    table.values().forEach(r -> records.put(r.id(), r));
  }

  /** Sets the addresses new tokens point SDKs to ({@code server_url}, {@code grpc_broadcast_address}). */
  public void advertise(String serverUrl, String grpcAddress) {
    this.serverUrl = requireNonNull(serverUrl, "serverUrl");
    this.grpcAddress = requireNonNull(grpcAddress, "grpcAddress");
  }

  /** Calls {@code listener} with the id of each token revoked from now on, after it is refused. */
  public void onRevoke(Consumer<String> listener) {
    revocationListeners.add(requireNonNull(listener, "listener"));
  }

  /** The tenant id of a good token, or empty; never throws. */
  public Optional<String> authenticate(@Nullable String token) {
    return check(token).map(TokenSigner.Claims::tenantId);
  }

  /** The claims of a good token, or empty; never throws. */
  public Optional<TokenSigner.Claims> check(@Nullable String token) {
    return signer.verify(token).filter(claims -> {
      ApiTokenRecord record = records.get(claims.tokenId());
      return record != null
          && !record.revoked()
          && record.tenantId().equals(claims.tenantId())
          && record.expiresAtMs() > clock.millis()
          && tenantExists.test(claims.tenantId());
    });
  }

  /**
   * Issues a token.
   *
   * @param validFor how long it is valid; null for the engine's token lifetime
   * @throws EngineException INVALID_ARGUMENT for a blank name or a lifetime that is not positive
   */
  public Issued issue(String tenantId, String name, @Nullable Duration validFor) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 255) {
      throw EngineException.invalidArgument("name must have 1 to 255 characters");
    }
    Duration duration = validFor == null ? lifetime : validFor;
    if (duration.isNegative() || duration.isZero()) {
      throw EngineException.invalidArgument("expiresIn must be positive, got " + duration);
    }
    long now = clock.millis();
    long expiresAt;
    try {
      expiresAt = Math.addExact(now, duration.toMillis());
    } catch (ArithmeticException e) {
      throw EngineException.invalidArgument("expiresIn is too long: " + duration);
    }
    // Whole seconds, as the claims carry them, so a re-minted token is the same token.
    ApiTokenRecord record = new ApiTokenRecord(Ids.newId(), tenantId, name, now / 1000 * 1000,
        expiresAt / 1000 * 1000, false);
    table.put(record.id(), record);
    records.put(record.id(), record);
    durability.awaitCommit();
    return new Issued(record, mint(record));
  }

  /**
   * The tenant's default token: the one issued before if it is still good for at least half the
   * token lifetime (so the printed token stays the same across restarts), else a new one.
   */
  public String defaultToken(String tenantId) {
    long halfLife = clock.millis() + lifetime.toMillis() / 2;
    return records.values().stream()
        .filter(r -> r.tenantId().equals(tenantId) && r.name().equals(DEFAULT_NAME) && !r.revoked()
            && r.expiresAtMs() > halfLife)
        .max(Comparator.comparingLong(ApiTokenRecord::issuedAtMs))
        .map(this::mint)
        .orElseGet(() -> issue(tenantId, DEFAULT_NAME, null).token());
  }

  /** The tenant's tokens that are not revoked, oldest first. */
  public List<ApiTokenRecord> list(String tenantId) {
    return records.values().stream()
        .filter(r -> r.tenantId().equals(tenantId) && !r.revoked())
        .sorted(Comparator.comparingLong(ApiTokenRecord::issuedAtMs).thenComparing(ApiTokenRecord::id))
        .toList();
  }

  /**
   * Revokes a token of the tenant; from now on it is refused. Revoking a revoked token does nothing.
   *
   * @throws EngineException NOT_FOUND if the tenant has no token with this id
   */
  public ApiTokenRecord revoke(String tenantId, String tokenId) {
    String id = Ids.canonicalOrNull(tokenId);
    ApiTokenRecord record = id == null ? null : records.get(id);
    if (record == null || !record.tenantId().equals(tenantId)) {
      throw EngineException.notFound("no API token with id " + tokenId);
    }
    if (record.revoked()) {
      return record;
    }
    ApiTokenRecord revoked = record.revoke();
    records.put(id, revoked);
    table.put(id, revoked);
    durability.awaitCommit();
    revocationListeners.forEach(listener -> listener.accept(id));
    return revoked;
  }

  /** The token with this id, revoked or not, of any tenant. */
  public Optional<ApiTokenRecord> find(String tokenId) {
    String id = Ids.canonicalOrNull(tokenId);
    return id == null ? Optional.empty() : Optional.ofNullable(records.get(id));
  }

  private String mint(ApiTokenRecord record) {
    return signer.mint(record.tenantId(), record.id(), record.issuedAtMs() / 1000, record.expiresAtMs() / 1000,
        serverUrl, grpcAddress);
  }
}
