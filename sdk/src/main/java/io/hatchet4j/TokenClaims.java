package io.hatchet4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The claims of a Hatchet API token that a client needs: tenant and default addresses.
 *
 * <p>Like the official SDKs, the client does not verify the signature (it has no key to verify it
 * with); the engine does, on every call.
 */
record TokenClaims(String tenantId, String serverUrl, String grpcBroadcastAddress) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static TokenClaims parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !token.startsWith("ey")) {
      throw new ConfigurationException(
          "Hatchet token must be a JWT (three base64url parts starting with 'ey'); got one starting with '"
              + token.substring(0, Math.min(5, token.length()))
              + "'");
    }
    JsonNode claims;
    try {
      claims = MAPPER.readTree(new String(Base64.getUrlDecoder().decode(pad(parts[1])), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | IOException e) {
      throw new ConfigurationException("Hatchet token claims are not base64url-encoded JSON", e);
    }
    if (claims == null || !claims.isObject()) {
      throw new ConfigurationException("Hatchet token claims are not a JSON object");
    }
    String sub = text(claims, "sub");
    if (sub == null || sub.isBlank()) {
      throw new ConfigurationException("Hatchet token has no 'sub' (tenant id) claim");
    }
    return new TokenClaims(sub, text(claims, "server_url"), text(claims, "grpc_broadcast_address"));
  }

  private static String pad(String base64) {
    // Base64.getUrlDecoder accepts unpadded input, but strip stray padding so both forms work.
    return base64.replace("=", "");
  }

  private static String text(JsonNode claims, String name) {
    JsonNode value = claims.get(name);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
