package io.hatchet4j;

import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/** What the engine-restart tests share: an engine that comes back where clients expect it, and their clients. */
final class RestartFixtures {
  private RestartFixtures() {}

  /** A client of {@code engine} that reads nothing from the environment. */
  static Hatchet client(HatchetEngine engine, String token) {
    return Hatchet.builder()
        .setEnvironment(Map.of())
        .setToken(token)
        .setHostPort(engine.grpcTarget())
        .setTlsStrategy(TlsStrategy.NONE)
        .build();
  }

  /** Fixed ports, so a restarted engine is where clients and workers expect it, and a db file. */
  static EngineOptions persistentOnFixedPorts(Path dir) throws IOException {
    return EngineOptions.builder()
        .setGrpcPort(freePort())
        .setHttpPort(freePort())
        .setDbFile(dir.resolve("engine.db"))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
