package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void readsTheDevCommandAndItsOptions() {
    EngineOptions options = Main.parse(new String[] {"dev", "--grpc-port", "0", "--http-port=9", "--host", "0.0.0.0", "--db-file", "state.db"});
    assertThat(options.grpcPort()).isZero();
    assertThat(options.httpPort()).isEqualTo(9);
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.dbFile()).contains(Path.of("state.db"));
  }

  @Test
  void readsTheLimitsAndTimeouts() {
    EngineOptions options = Main.parse(new String[] {"dev", "--max-payload", "8MiB", "--heartbeat-timeout", "5s",
        "--token-lifetime=720h"});
    assertThat(options.maxMessageSize()).isEqualTo(8 << 20);
    assertThat(options.heartbeatTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(options.tokenLifetime()).isEqualTo(java.time.Duration.ofDays(30));
    assertThat(Main.parse(new String[] {"dev", "--max-payload", "1048576"}).maxMessageSize()).isEqualTo(1 << 20);
    assertThat(Main.parse(new String[] {"dev", "--max-payload", "512KiB"}).maxMessageSize()).isEqualTo(512 << 10);
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--max-payload", "lots"})).hasMessageContaining("4MiB");
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--heartbeat-timeout", "0s"}))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--token-lifetime", "soon"}))
        .hasMessageContaining("not a duration");
  }

  @Test
  void explainsBadArguments() {
    assertThatThrownBy(() -> Main.parse(new String[0])).hasMessageContaining("missing command");
    assertThatThrownBy(() -> Main.parse(new String[] {"serve"})).hasMessageContaining("unknown command 'serve'");
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--grpc-port", "x"})).hasMessageContaining("must be a number");
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--grpc-port"})).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--verbose", "1"})).hasMessageContaining("unknown option '--verbose'");
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--help"})).isInstanceOf(Main.HelpRequested.class);
  }

  @Test
  void printsWhatAnSdkNeeds() {
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build())) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Main.printBanner(engine, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String banner = bytes.toString(StandardCharsets.UTF_8);
      assertThat(banner)
          .contains("export HATCHET_CLIENT_TOKEN=" + engine.token())
          .contains("export HATCHET_CLIENT_HOST_PORT=" + engine.grpcTarget())
          .contains("export HATCHET_CLIENT_TLS_STRATEGY=none")
          .contains(engine.tenantId());
    }
  }
}
