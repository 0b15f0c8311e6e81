package io.hatchet4j.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.HatchetEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One official-SDK peer process ({@code interop/ts/peer.mjs} or {@code interop/python/peer.py}): a
 * worker with that language's workflows and a client that takes one JSON command per stdin line.
 *
 * <p>Its whole output goes to {@code target/interop-logs/<name>.log}; lines starting with {@code
 * INTEROP } are its answers and events. {@link #close()} ends it and every process it started.
 */
final class Peer implements AutoCloseable {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
  private static final String MARK = "INTEROP ";

  private final Lang lang;
  private final String workerName;
  private final Process process;
  private final Writer stdin;
  private final PrintWriter log;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private Peer(Lang lang, String workerName, Process process, PrintWriter log) {
    this.lang = lang;
    this.workerName = workerName;
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    pump(process.getInputStream(), true);
    pump(process.getErrorStream(), false);
  }

  /** Starts the peer of {@code lang} with a worker named {@code workerName} in {@code namespace}. */
  static Peer start(Lang lang, HatchetEngine engine, String namespace, String workerName, boolean tracing) {
    Peers.requireInstalled();
    Path dir = Peers.dir(lang);
    List<String> command = lang == Lang.TYPESCRIPT
        ? List.of("node", "peer.mjs")
        : List.of(dir.resolve(".venv/bin/python").toString(), "peer.py");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("HATCHET_") || k.startsWith("OTEL_"));
    env.put("HATCHET_CLIENT_TOKEN", engine.token());
    env.put("HATCHET_CLIENT_HOST_PORT", engine.grpcTarget());
    env.put("HATCHET_CLIENT_TLS_STRATEGY", "none");
    env.put("HATCHET_CLIENT_SERVER_URL", engine.httpUrl().toString());
    env.put("HATCHET_CLIENT_API_URL", engine.httpUrl().toString());
    env.put("HATCHET_CLIENT_NAMESPACE", namespace);
    env.put("INTEROP_WORKER", workerName);
    env.put("INTEROP_TRACING", tracing ? "1" : "0");
    env.put("PYTHONUNBUFFERED", "1");
    try {
      Path logs = Files.createDirectories(Peers.logDir());
      PrintWriter log = new PrintWriter(Files.newBufferedWriter(logs.resolve(namespace + lang.prefix() + ".log"),
          StandardCharsets.UTF_8), true);
      log.println("$ " + String.join(" ", command) + "  (namespace " + namespace + ", tracing " + tracing + ")");
      return new Peer(lang, workerName, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + lang + " peer", e);
    }
  }

  Lang lang() {
    return lang;
  }

  String workerName() {
    return workerName;
  }

  /** Sends a command and waits for its answer, whether it succeeded or not. */
  JsonNode call(ObjectNode command) {
    int id = ids.incrementAndGet();
    command.put("id", id);
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      synchronized (stdin) {
        stdin.write(InteropEngine.JSON.writeValueAsString(command) + "\n");
        stdin.flush();
      }
      return answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(lang + " peer is gone (see its log): " + command, e);
    } catch (TimeoutException | ExecutionException e) {
      throw new AssertionError(lang + " peer did not answer " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pending.remove(id);
    }
  }

  /** Sends a command that must succeed, and returns its answer. */
  JsonNode callOk(ObjectNode command) {
    JsonNode answer = call(command);
    if (!answer.path("ok").asBoolean()) {
      throw new AssertionError(lang + " peer failed " + command + ": " + answer.path("error").asText() + "\n"
          + answer.path("trace").asText());
    }
    return answer;
  }

  /** A command: {@code op} and key-value pairs (values are converted to JSON). */
  static ObjectNode command(String op, Object... keysAndValues) {
    ObjectNode node = InteropEngine.JSON.createObjectNode().put("op", op);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.set((String) keysAndValues[i], InteropEngine.JSON.valueToTree(keysAndValues[i + 1]));
    }
    return node;
  }

  /** Waits for an event line (one without an id) that matches. */
  JsonNode awaitEvent(Predicate<JsonNode> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (true) {
        for (JsonNode event : events) {
          if (matching.test(event)) {
            return event;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new AssertionError(lang + " peer sent no matching event in " + timeout + "; events: " + events);
        }
        try {
          events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private void pump(InputStream stream, boolean stdout) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          log.println((stdout ? "" : "[err] ") + line);
          if (stdout && line.startsWith(MARK)) {
            accept(line.substring(MARK.length()));
          }
        }
      } catch (IOException e) {
        log.println("[interop] output closed: " + e);
      }
    }, "interop-" + lang.prefix() + (stdout ? "-out" : "-err"));
    thread.setDaemon(true);
    thread.start();
  }

  private void accept(String json) {
    JsonNode message;
    try {
      message = InteropEngine.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      log.println("[interop] unreadable line: " + e.getOriginalMessage());
      return;
    }
    if (message.has("id") && !message.get("id").isNull()) {
      CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    synchronized (events) {
      events.add(message);
      events.notifyAll();
    }
  }

  /** Closes stdin so the peer shuts down on its own, then ends whatever is left of it. */
  @Override
  public void close() {
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    try (OutputStream in = process.getOutputStream()) {
      in.flush();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        log.println("[interop] still running after 10 s; killing it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    family.addAll(process.descendants().toList());
    family.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.println("[interop] exit " + (process.isAlive() ? "still alive!" : String.valueOf(process.exitValue())));
    log.close();
  }
}
