package io.hatchet4j.engine.internal.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
  private static final String TENANT = "707d0855-80ab-4e1f-a156-f1c4546cbf52";
  private static final String TOKEN_ID = "3f1b2c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d";
  private static final long NOW = System.currentTimeMillis() / 1000;
  private final TokenSigner signer = new TokenSigner(secret((byte) 1), Clock.systemUTC());

  private static byte[] secret(byte fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, fill);
    return secret;
  }

  @Test
  void mintsTokensTheSdksCanRead() throws Exception {
    String token = signer.mint(TENANT, TOKEN_ID, NOW, NOW + 3600, "http://127.0.0.1:8888", "127.0.0.1:7070");
    assertThat(token).startsWith("ey");
    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode claims = new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8));
    assertThat(claims.get("sub").asText()).isEqualTo(TENANT);
    assertThat(claims.get("server_url").asText()).isEqualTo("http://127.0.0.1:8888");
    assertThat(claims.get("grpc_broadcast_address").asText()).isEqualTo("127.0.0.1:7070");
    assertThat(claims.has("iss")).isTrue();
    assertThat(claims.has("aud")).isTrue();
    assertThat(claims.has("iat")).isTrue();
    assertThat(claims.get("exp").asLong()).isGreaterThan(claims.get("iat").asLong());
    assertThat(claims.get("token_id").asText()).isEqualTo(TOKEN_ID);
    assertThat(signer.verify(token)).contains(new TokenSigner.Claims(TENANT, TOKEN_ID));
  }

  @Test
  void rejectsForgedAndMalformedTokens() {
    String token = signer.mint(TENANT, TOKEN_ID, NOW, NOW + 3600, "http://x", "x:1");
    assertThat(signer.verify(signer.mint(TENANT, TOKEN_ID, NOW - 7200, NOW - 3600, "http://x", "x:1")))
        .as("expired").isEmpty();
    TokenSigner otherEngine = new TokenSigner(secret((byte) 2), Clock.systemUTC());
    assertThat(otherEngine.verify(token)).isEmpty();
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"sub\":\"00000000-0000-0000-0000-000000000000\"}".getBytes(UTF_8)) + "." + parts[2];
    assertThat(signer.verify(tampered)).isEmpty();
    for (String junk : new String[] {"", "a.b", "a.b.c", "ey.not-a.token", token + "x"}) {
      assertThat(signer.verify(junk)).as(junk).isEqualTo(Optional.empty());
    }
  }

  @Test
  void readsTheBearerSchemeCaseInsensitively() {
    assertThat(AuthInterceptor.bearerToken("bearer abc")).contains("abc");
    assertThat(AuthInterceptor.bearerToken("BEARER abc")).contains("abc");
    assertThat(AuthInterceptor.bearerToken("Basic abc")).isEmpty();
    assertThat(AuthInterceptor.bearerToken("bearer ")).isEmpty();
    assertThat(AuthInterceptor.bearerToken(null)).isEmpty();
  }
}
