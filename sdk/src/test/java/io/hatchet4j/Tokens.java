package io.hatchet4j;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned JWTs for configuration tests; the client never verifies signatures. */
public final class Tokens {
  private Tokens() {}

  public static String jwt(String claimsJson) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = encoder.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    return header + "." + claims + ".c2lnbmF0dXJl";
  }

  public static String standard() {
    return jwt(
        "{\"sub\":\"707d0855-80ab-4e1f-a156-f1c4546cbf52\",\"server_url\":\"http://localhost:8888\","
            + "\"grpc_broadcast_address\":\"localhost:7077\"}");
  }
}
