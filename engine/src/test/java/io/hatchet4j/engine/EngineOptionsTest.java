package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {
  @Test
  void hasDocumentedDefaults() {
    EngineOptions options = EngineOptions.getDefaultInstance();
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.grpcPort()).isEqualTo(7070);
    assertThat(options.httpPort()).isEqualTo(8888);
    assertThat(options.dbFile()).isEmpty();
    assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.defaultExecutionTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.defaultScheduleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(options.maxMessageSize()).isEqualTo(4 * 1024 * 1024);
    assertThat(options.clock()).isSameAs(EngineClock.system());
  }

  @Test
  void makesVariantsWithoutChangingTheOriginal() {
    EngineOptions base = EngineOptions.builder().setGrpcPort(0).build();
    EngineOptions variant = base.toBuilder().setDbFile(Path.of("x.db")).setHeartbeatTimeout(2, TimeUnit.SECONDS).build();
    assertThat(base.dbFile()).isEmpty();
    assertThat(variant.grpcPort()).isZero();
    assertThat(variant.dbFile()).contains(Path.of("x.db"));
    assertThat(variant.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(2));
    VirtualClock clock = EngineClock.virtual();
    assertThat(variant.toBuilder().setClock(clock).build().toBuilder().build().clock()).as("shared, not copied")
        .isSameAs(clock);
    assertThat(variant.clock()).isSameAs(EngineClock.system());
  }

  @Test
  void rejectsBadValuesAtOnce() {
    assertThatThrownBy(() -> EngineOptions.builder().setGrpcPort(70000)).hasMessageContaining("grpcPort");
    assertThatThrownBy(() -> EngineOptions.builder().setHttpPort(-1)).hasMessageContaining("httpPort");
    assertThatThrownBy(() -> EngineOptions.builder().setHeartbeatTimeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> EngineOptions.builder().setHost(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> EngineOptions.builder().setDbFile(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> EngineOptions.builder().setClock(null)).isInstanceOf(NullPointerException.class);
  }
}
