package io.hatchet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HatchetConfigTest {

  @Test
  void derivesTenantAndAddressesFromTheTokenClaims() {
    HatchetConfig config =
        HatchetConfig.builder().setEnvironment(Map.of("HATCHET_CLIENT_TOKEN", Tokens.standard())).build();

    assertThat(config.tenantId()).isEqualTo("707d0855-80ab-4e1f-a156-f1c4546cbf52");
    assertThat(config.hostPort()).isEqualTo("localhost:7077");
    assertThat(config.serverUrl()).contains("http://localhost:8888");
    assertThat(config.tlsStrategy()).isEqualTo(TlsStrategy.TLS);
    assertThat(config.namespace()).isEmpty();
    assertThat(config.maxReceiveMessageSize()).isEqualTo(4 * 1024 * 1024);
  }

  @Test
  void environmentOverridesClaimsAndBuilderOverridesEnvironment() {
    Map<String, String> env =
        Map.of(
            "HATCHET_CLIENT_TOKEN", Tokens.standard(),
            "HATCHET_CLIENT_HOST_PORT", "engine:7070",
            "HATCHET_CLIENT_TLS_STRATEGY", "none",
            "HATCHET_CLIENT_NAMESPACE", "Staging",
            "HATCHET_CLIENT_TENANT_ID", "other-tenant",
            "HATCHET_CLIENT_TLS_ROOT_CA_FILE", "/etc/ca.pem",
            "HATCHET_CLIENT_GRPC_MAX_RECV_MESSAGE_LENGTH", "1024");

    HatchetConfig fromEnv = HatchetConfig.builder().setEnvironment(env).build();
    assertThat(fromEnv.hostPort()).isEqualTo("engine:7070");
    assertThat(fromEnv.tlsStrategy()).isEqualTo(TlsStrategy.NONE);
    assertThat(fromEnv.namespace()).isEqualTo("staging_");
    assertThat(fromEnv.tenantId()).isEqualTo("other-tenant");
    assertThat(fromEnv.tlsRootCaFile()).contains(Path.of("/etc/ca.pem"));
    assertThat(fromEnv.maxReceiveMessageSize()).isEqualTo(1024);

    HatchetConfig overridden =
        HatchetConfig.builder().setEnvironment(env).setHostPort("other:1").setTlsStrategy(TlsStrategy.TLS).build();
    assertThat(overridden.hostPort()).isEqualTo("other:1");
    assertThat(overridden.tlsStrategy()).isEqualTo(TlsStrategy.TLS);
  }

  @Test
  void namespaceIsAppliedOnceAndLowerCased() {
    HatchetConfig config =
        HatchetConfig.builder().setEnvironment(Map.of()).setToken(Tokens.standard()).setNamespace("Team_").build();

    assertThat(config.applyNamespace("orders")).isEqualTo("team_orders");
    assertThat(config.applyNamespace("team_orders")).isEqualTo("team_orders");
  }

  @Test
  void missingTokenIsAClearError() {
    assertThatThrownBy(() -> HatchetConfig.builder().setEnvironment(Map.of()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HATCHET_CLIENT_TOKEN");
  }

  @Test
  void malformedTokensAreClearErrors() {
    assertThatThrownBy(() -> config("not-a-jwt"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must be a JWT")
        .hasMessageContaining("not-a");
    assertThatThrownBy(() -> config("eyJhbGciOiJIUzI1NiJ9.%%%.sig"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("base64url");
    assertThatThrownBy(() -> config(Tokens.jwt("{\"server_url\":\"http://x\"}")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'sub'");
    assertThatThrownBy(() -> config(Tokens.jwt("[1,2]")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void invalidSettingsAreClearErrors() {
    assertThatThrownBy(
            () -> HatchetConfig.builder().setEnvironment(Map.of("HATCHET_CLIENT_TOKEN", Tokens.standard(), "HATCHET_CLIENT_TLS_STRATEGY", "plain")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HATCHET_CLIENT_TLS_STRATEGY");
    assertThatThrownBy(() -> HatchetConfig.builder().setEnvironment(Map.of()).setToken(Tokens.standard()).setHostPort("nohost").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("host:port");
    assertThatThrownBy(
            () -> HatchetConfig.builder().setEnvironment(Map.of()).setToken(Tokens.standard()).setTlsStrategy(TlsStrategy.MTLS).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HATCHET_CLIENT_TLS_CERT_FILE");
    assertThatThrownBy(
            () -> HatchetConfig.builder().setEnvironment(Map.of("HATCHET_CLIENT_TOKEN", Tokens.standard(), "HATCHET_CLIENT_GRPC_MAX_SEND_MESSAGE_LENGTH", "lots")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HATCHET_CLIENT_GRPC_MAX_SEND_MESSAGE_LENGTH");
  }

  @Test
  void toStringNeverShowsTheToken() {
    HatchetConfig config = config(Tokens.standard());
    assertThat(config.toString()).doesNotContain(config.token()).contains("localhost:7077");
  }

  @Test
  void toBuilderKeepsEveryValue() {
    HatchetConfig config =
        HatchetConfig.builder()
            .setEnvironment(Map.of())
            .setToken(Tokens.standard())
            .setNamespace("ns")
            .setTlsStrategy(TlsStrategy.NONE)
            .build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  private static HatchetConfig config(String token) {
    return HatchetConfig.builder().setEnvironment(Map.of()).setToken(token).build();
  }
}
