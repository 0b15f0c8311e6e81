package io.hatchet4j.benchmarks.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A worker under test in its own process, registered on an engine under a namespace of its own. */
final class WorkerProcess implements AutoCloseable {
  final ChildProcess process;
  final String name;

  private WorkerProcess(ChildProcess process, String name) {
    this.process = process;
    this.name = name;
  }

  /**
   * Starts the worker of {@code lang}: our {@link JavaNoopWorker}, or the peer of {@code
   * interopDir} ({@code ts/peer.mjs}, {@code python/peer.py}, installed by {@code interop/install.sh}).
   */
  static WorkerProcess start(Lang lang, boolean tracing, EngineProcess engine, String namespace, int slots,
      Path interopDir, List<String> jvmArgs, Path logDir) {
    String name = namespace + "worker";
    Map<String, String> env = new HashMap<>();
    env.put("HATCHET_CLIENT_TOKEN", engine.token);
    env.put("HATCHET_CLIENT_HOST_PORT", engine.grpcTarget);
    env.put("HATCHET_CLIENT_TLS_STRATEGY", "none");
    env.put("HATCHET_CLIENT_SERVER_URL", engine.httpUrl);
    env.put("HATCHET_CLIENT_API_URL", engine.httpUrl);
    env.put("HATCHET_CLIENT_NAMESPACE", namespace);
    List<String> command;
    Path dir;
    switch (lang) {
      case JAVA -> {
        env.put("BENCH_TRACING", tracing ? "1" : "0");
        env.put("BENCH_SLOTS", Integer.toString(slots));
        env.put("BENCH_WORKER", name);
        command = new java.util.ArrayList<>(Launch.java(jvmArgs));
        command.add(JavaNoopWorker.class.getName());
        dir = Path.of(".");
      }
      case TYPESCRIPT -> {
        dir = interopDir.resolve("ts");
        requireInstalled(dir.resolve("node_modules/@hatchet-dev/typescript-sdk"));
        command = List.of("node", "peer.mjs");
      }
      default -> {
        dir = interopDir.resolve("python");
        requireInstalled(dir.resolve(".venv/bin/python"));
        command = List.of(dir.resolve(".venv/bin/python").toAbsolutePath().toString(), "peer.py");
      }
    }
    if (lang != Lang.JAVA) {
      env.put("INTEROP_WORKER", name);
      env.put("INTEROP_TRACING", tracing ? "1" : "0");
      env.put("INTEROP_SLOTS", Integer.toString(slots));
      env.put("PYTHONUNBUFFERED", "1");
    }
    return new WorkerProcess(ChildProcess.start(namespace + engine.label, command, dir, env, logDir), name);
  }

  private static void requireInstalled(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException("the official SDK peers are not installed (" + path
          + " is missing): run 'bash interop/install.sh', or leave that worker out with --workers");
    }
  }

  long cpuNanos() {
    return ProcessTree.cpuNanos(process.handle());
  }

  long rssBytes() {
    return ProcessTree.rssBytes(process.handle());
  }

  @Override
  public void close() {
    process.close();
  }
}
