package io.hatchet4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.Hatchet;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import org.junit.jupiter.api.Test;

@HatchetTest
class SimpleTaskTest {
  @Test
  void greets(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(SimpleTask.GREET);

    assertThat(hatchet.run(SimpleTask.GREET, new SimpleTask.Person("Ada")).message()).isEqualTo("Hello, Ada!");
  }
}
