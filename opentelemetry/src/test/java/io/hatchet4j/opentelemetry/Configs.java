package io.hatchet4j.opentelemetry;

import io.hatchet4j.HatchetConfig;
import io.hatchet4j.TlsStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Client configurations for tests, independent of the environment. */
final class Configs {
  private Configs() {}

  /** A token of the shape the engine issues: a JWT whose {@code sub} is the tenant. */
  static String token() {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String claims = base64.encodeToString(("{\"sub\":\"" + Calls.TENANT_ID + "\"}").getBytes(StandardCharsets.UTF_8));
    return header + "." + claims + ".signature";
  }

  /** A plaintext client of {@code hostPort} in {@code namespace}. */
  static HatchetConfig config(String hostPort, String namespace) {
    HatchetConfig.Builder builder =
        HatchetConfig.builder().setEnvironment(Map.of()).setToken(token()).setHostPort(hostPort).setTlsStrategy(TlsStrategy.NONE);
    return namespace.isEmpty() ? builder.build() : builder.setNamespace(namespace).build();
  }
}
