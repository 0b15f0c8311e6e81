package io.hatchet4j.engine.internal.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies the engine's API tokens: HS256 JWTs whose {@code sub} is the tenant id and
 * whose {@code token_id} names the token's record.
 *
 * <p>Not public API. Thread-safe. The SDKs never check the signature; they read {@code sub},
 * {@code server_url} and {@code grpc_broadcast_address} from the claims to find the engine. The
 * signer checks signature, issuer, audience and expiry; whether the token was revoked and the
 * tenant exists is {@link TokenRegistry}'s business.
 */
public final class TokenSigner {
  /** Issuer and audience of every token; fixed so tokens outlive a change of ports. */
  static final String ISSUER = "hatchet4j-engine";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF_8));
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;

  public TokenSigner(byte[] secret, Clock clock) {
    requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("signing secret must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = requireNonNull(clock, "clock");
  }

  /** What a valid token says: its tenant and its id. */
  public record Claims(String tenantId, String tokenId) {}

  /**
   * Mints a token.
   *
   * @param issuedAtSeconds its {@code iat}, epoch seconds
   * @param expiresAtSeconds its {@code exp}, epoch seconds
   * @param serverUrl base URL of the engine's HTTP API, such as {@code http://127.0.0.1:8888}
   * @param grpcAddress {@code host:port} of the engine's gRPC server
   */
  public String mint(String tenantId, String tokenId, long issuedAtSeconds, long expiresAtSeconds, String serverUrl,
      String grpcAddress) {
    ObjectNode claims = Json.newObject()
        .put("sub", tenantId)
        .put("iss", ISSUER)
        .put("aud", ISSUER)
        .put("iat", issuedAtSeconds)
        .put("exp", expiresAtSeconds)
        .put("token_id", tokenId)
        .put("server_url", serverUrl)
        .put("grpc_broadcast_address", grpcAddress);
    String signingInput = HEADER + '.' + base64Url(claims.toString().getBytes(UTF_8));
    return signingInput + '.' + base64Url(sign(signingInput));
  }

  /** Returns the claims of a validly signed, unexpired token, or empty for anything else, never throwing. */
  public Optional<Claims> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      byte[] signature = DECODER.decode(parts[2]);
      if (!MessageDigest.isEqual(signature, sign(parts[0] + '.' + parts[1]))) {
        return Optional.empty();
      }
      JsonNode header = Json.parseTrusted(new String(DECODER.decode(parts[0]), UTF_8));
      JsonNode claims = Json.parseTrusted(new String(DECODER.decode(parts[1]), UTF_8));
      if (!"HS256".equals(header.path("alg").asText())
          || !ISSUER.equals(claims.path("iss").asText())
          || !ISSUER.equals(claims.path("aud").asText())
          || claims.path("exp").asLong(0) <= clock.instant().getEpochSecond()) {
        return Optional.empty();
      }
      String tenantId = Ids.canonicalOrNull(claims.path("sub").asText(null));
      String tokenId = Ids.canonicalOrNull(claims.path("token_id").asText(null));
      return tenantId == null || tokenId == null ? Optional.empty() : Optional.of(new Claims(tenantId, tokenId));
    } catch (RuntimeException e) {
      // Malformed base64 or JSON: an invalid token, not an engine failure.
      return Optional.empty();
    }
  }

  private byte[] sign(String signingInput) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(signingInput.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
