package io.hatchet4j.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One engine with default options on free ports for a whole test class, and a raw client of it. */
abstract class SharedEngineTest {
  static HatchetEngine engine;
  static TestClient client;

  @BeforeAll
  static void startSharedEngine() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
    client = TestClient.connect(engine, engine.token());
  }

  @AfterAll
  static void stopSharedEngine() throws Exception {
    client.close();
    engine.close();
  }
}
