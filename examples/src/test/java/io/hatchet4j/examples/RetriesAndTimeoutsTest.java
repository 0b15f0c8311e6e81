package io.hatchet4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import org.junit.jupiter.api.Test;

@HatchetTest
class RetriesAndTimeoutsTest {
  @Test
  void flakyCallSucceedsAfterItsFailures(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(RetriesAndTimeouts.FLAKY);

    assertThat(hatchet.run(RetriesAndTimeouts.FLAKY, new RetriesAndTimeouts.Request("r-1", 1)))
        .isEqualTo(new RetriesAndTimeouts.Response("r-1", 2));
  }

  @Test
  void hangingTaskTimesOut(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(RetriesAndTimeouts.HANGS);

    assertThatThrownBy(() -> hatchet.run(RetriesAndTimeouts.HANGS, new RetriesAndTimeouts.Request("r-2", 0)))
        .isInstanceOfSatisfying(RunFailedException.class, e -> assertThat(e.taskError("hangs")).contains("timeout"));
  }
}
