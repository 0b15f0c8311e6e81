package io.hatchet4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh embedded engine per test, and a client of it. */
abstract class EngineTest {
  EngineFixture fixture;
  Hatchet hatchet;

  @BeforeEach
  void startEngine() {
    fixture = new EngineFixture();
    hatchet = fixture.client();
  }

  @AfterEach
  void stopEngine() {
    fixture.close();
  }
}
