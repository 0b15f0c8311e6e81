package io.hatchet4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadLimitTest {
  private final PayloadLimit limit = new PayloadLimit(4 << 20);

  @Test
  void keepsRoomForTheEnvelopeAWorkerReceives() {
    assertThat(limit.maxInputBytes()).isEqualTo((4 << 20) - 64 * 1024);
    assertThat(new PayloadLimit(64 * 1024).maxInputBytes()).isEqualTo(48 * 1024);
    limit.check("the run", "{\"x\":1}", null);
    limit.check("the run", limit.maxInputBytes() - 10, 10);
    assertThatThrownBy(() -> limit.check("event 2", limit.maxInputBytes(), 1))
        .isInstanceOf(EngineException.class)
        .hasMessage("input and additional metadata of event 2 take 4128769 bytes, over the 4128768 that fit in"
            + " the payload limit of 4194304 bytes (4 MiB) a worker can receive");
  }

  @Test
  void countsUtf8Bytes() {
    assertThat(PayloadLimit.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
    assertThat(PayloadLimit.utf8Length(null)).isZero();
    assertThat(PayloadLimit.human(4 << 20)).isEqualTo("4 MiB");
    assertThat(PayloadLimit.human(512 << 10)).isEqualTo("512 KiB");
    assertThat(PayloadLimit.human(1000)).isEqualTo("1000 bytes");
  }
}
