package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.action;
import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.WorkflowRunEventType;
import io.hatchet4j.proto.v1.RunStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of an engine process with {@code --db-file} under a steady trigger load: every
 * trigger the engine acknowledged survives the crash and completes after the restart.
 *
 * <p>The engine runs as a real child process (the {@code dev} command on this test's class path),
 * so the kill is a real SIGKILL with no shutdown hook.
 */
class EngineKillTest {
  private static final String WORKFLOW = "survivor";
  private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

  @TempDir Path dir;

  @Test
  void noAcknowledgedRunIsLostWhenTheEngineIsKilled() throws Exception {
    Path db = dir.resolve("engine.db");
    int port = freePort();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    EngineProcess first = EngineProcess.start(port, db);
    try (TestClient client = TestClient.connect(first.target, first.token)) {
      client.register(WORKFLOW, task(WORKFLOW, "t"));
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
      List<Thread> loaders = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread loader = new Thread(() -> {
          while (!stop.get()) {
            try {
              acknowledged.add(client.trigger(WORKFLOW, "{}"));
              enough.countDown();
            } catch (RuntimeException e) {
              return; // the engine is gone: this trigger was never acknowledged
            }
          }
        }, "trigger-load-" + i);
        loader.start();
        loaders.add(loader);
      }
      assertThat(enough.await(60, TimeUnit.SECONDS)).as("triggers acknowledged before the kill").isTrue();
      first.kill();
      stop.set(true);
      for (Thread loader : loaders) {
        loader.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    EngineProcess second = EngineProcess.start(port, db);
    try (TestClient client = TestClient.connect(second.target, second.token);
        TestWorker worker = TestWorker.start(client, 50, action(WORKFLOW, "t"))) {
      Thread completer = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            AssignedAction start = worker.received.take();
            worker.started(start);
            worker.completed(start, "{\"ok\":true}");
          }
        } catch (InterruptedException | RuntimeException e) {
          // The test is over.
        }
      }, "completer");
      completer.start();
      try {
        for (String runId : acknowledged) {
          assertThat(client.awaitResult(runId).getEventType())
              .as("run %s acknowledged before the kill", runId)
              .isEqualTo(WorkflowRunEventType.WORKFLOW_RUN_EVENT_TYPE_FINISHED);
          assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.COMPLETED);
        }
      } finally {
        completer.interrupt();
      }
    } finally {
      second.kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The engine's {@code dev} command in a child JVM; its banner gives the target and the token. */
  private static final class EngineProcess {
    final Process process;
    final String target;
    final String token;

    private EngineProcess(Process process, String target, String token) {
      this.process = process;
      this.target = target;
      this.token = token;
    }

    static EngineProcess start(int grpcPort, Path db) throws IOException, InterruptedException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", Main.class.getName(), "dev",
          "--grpc-port", Integer.toString(grpcPort), "--http-port", "0", "--db-file", db.toString())
          .redirectErrorStream(true)
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String target = null;
      String token = null;
      String line;
      while (token == null && (line = out.readLine()) != null) {
        line = line.trim();
        if (line.startsWith("gRPC:")) {
          target = line.substring("gRPC:".length()).trim();
        } else if (line.startsWith("token:")) {
          token = line.substring("token:".length()).trim();
        }
      }
      assertThat(token).as("the engine printed its token").isNotNull();
      // Keep draining its output so the child never blocks on a full pipe.
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) {
            // discard
          }
        } catch (IOException e) {
          // the process is gone
        }
      }, "engine-output");
      drain.setDaemon(true);
      drain.start();
      return new EngineProcess(process, target, token);
    }

    /** SIGKILL: no shutdown hook, no final commit. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
