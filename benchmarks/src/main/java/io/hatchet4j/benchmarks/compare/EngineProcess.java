package io.hatchet4j.benchmarks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The embedded engine run as its own process ({@code io.hatchet4j.engine.Main dev}) on free ports,
 * so that the CPU it spends can be read apart from its clients'.
 */
public final class EngineProcess implements AutoCloseable {
  public final String label;
  final ChildProcess process;
  public final String grpcTarget;
  public final String httpUrl;
  public final String tenantId;
  public final String token;

  private EngineProcess(String label, ChildProcess process, String grpcTarget, String httpUrl, String tenantId,
      String token) {
    this.label = label;
    this.process = process;
    this.grpcTarget = grpcTarget;
    this.httpUrl = httpUrl;
    this.tenantId = tenantId;
    this.token = token;
  }

  /** Starts an engine in memory, or on {@code dbFile}; returns once it printed where it listens. */
  public static EngineProcess start(String label, @Nullable Path dbFile, List<String> jvmArgs, Path logDir)
      throws InterruptedException {
    List<String> command = new ArrayList<>(Launch.java(jvmArgs));
    command.addAll(List.of("io.hatchet4j.engine.Main", "dev", "--grpc-port", "0", "--http-port", "0"));
    if (dbFile != null) {
      command.addAll(List.of("--db-file", dbFile.toString()));
    }
    ChildProcess process = ChildProcess.start("engine-" + label, command, Path.of("."), Map.of(), logDir);
    try {
      String grpc = value(process.awaitLine("gRPC:", 120));
      String http = value(process.awaitLine("HTTP:", 10));
      String tenant = value(process.awaitLine("tenant:", 10));
      String token = value(process.awaitLine("token:", 10));
      return new EngineProcess(label, process, grpc, http, tenant, token);
    } catch (RuntimeException | InterruptedException e) {
      process.close();
      throw e;
    }
  }

  private static String value(String bannerLine) {
    return bannerLine.substring(bannerLine.indexOf(':') + 1).strip();
  }

  /** CPU nanoseconds the engine's process tree spent so far. */
  public long cpuNanos() {
    return ProcessTree.cpuNanos(process.handle());
  }

  /** The engine's resident memory in bytes. */
  public long rssBytes() {
    return ProcessTree.rssBytes(process.handle());
  }

  @Override
  public void close() {
    process.close();
  }
}
