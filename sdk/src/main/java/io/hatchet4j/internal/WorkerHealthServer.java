package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hatchet4j.worker.HealthcheckOptions;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerStats;
import io.hatchet4j.worker.WorkerStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A worker's health and metrics endpoint on the JDK's HTTP server, as the official SDKs' workers
 * serve it: {@code /health} (status and worker details as JSON; 200 when healthy, else 503),
 * {@code /readyz} (200 when healthy), {@code /livez} (200 until the worker stops for good) and
 * {@code /metrics} (Prometheus text). Not public API.
 */
final class WorkerHealthServer implements AutoCloseable {

  private final HttpServer server;
  private final Worker worker;
  private final List<String> actions;
  private final Map<String, String> labels;
  private final BooleanSupplier stopped;

  private WorkerHealthServer(HttpServer server, Worker worker, List<String> actions, Map<String, String> labels,
      BooleanSupplier stopped) {
    this.server = server;
    this.worker = worker;
    this.actions = actions;
    this.labels = labels;
    this.stopped = stopped;
  }

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  static WorkerHealthServer start(
      HealthcheckOptions options, Worker worker, List<String> actions, Map<String, String> labels,
      BooleanSupplier stopped) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "worker " + worker.name() + " cannot serve its health endpoint on " + options.bindAddress() + ":" + options.port(), e);
    }
    WorkerHealthServer health = new WorkerHealthServer(server, worker, actions, labels, stopped);
    server.createContext("/", health::handle);
    startDaemon(server);
    return health;
  }

  /** The server's dispatcher thread inherits daemon-ness from the thread that starts it. */
  private static void startDaemon(HttpServer server) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread starter = DaemonThreads.named("hatchet-health-start").newThread(() -> {
      try {
        server.start();
      } catch (RuntimeException e) {
        failure.set(e);
      }
    });
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** The address served, with the port taken when the options asked for port 0. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "text/plain", "method not allowed\n");
        return;
      }
      WorkerStatus status = worker.status();
      boolean healthy = status == WorkerStatus.HEALTHY;
      switch (exchange.getRequestURI().getPath()) {
        case "/health" -> respond(exchange, healthy ? 200 : 503, "application/json", health(status));
        case "/readyz" -> respond(exchange, healthy ? 200 : 503, "text/plain", status + "\n");
        case "/livez" -> respond(exchange, stopped.getAsBoolean() ? 503 : 200, "text/plain", status + "\n");
        case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics(healthy));
        default -> respond(exchange, 404, "text/plain", "not found\n");
      }
    }
  }

  private String health(WorkerStatus status) {
    ObjectNode body = Json.defaultMapper().createObjectNode();
    body.put("status", status.name());
    body.put("name", worker.name());
    body.put("slots", worker.stats().slots());
    body.putPOJO("actions", actions);
    body.putPOJO("labels", labels);
    body.put("javaVersion", System.getProperty("java.version"));
    return Json.text(body);
  }

  private String metrics(boolean healthy) {
    WorkerStats stats = worker.stats();
    PrometheusText text = new PrometheusText("worker", worker.name());
    text.gauge("hatchet_worker_status", "Whether the worker is healthy (1) or not (0).", healthy ? 1 : 0);
    text.gauge("hatchet_worker_slots", "Slots the worker offers the engine.", stats.slots());
    text.gauge("hatchet_worker_slots_in_use", "Slots holding an assigned task run.", stats.slotsInUse());
    text.gauge("hatchet_worker_actions", "Actions (tasks) registered on the worker.", actions.size());
    text.gauge("hatchet_worker_tasks_running", "Task runs whose handler is running.", stats.tasksRunning());
    text.counter("hatchet_worker_tasks_completed_total", "Task attempts that completed.", stats.tasksCompleted());
    text.counter("hatchet_worker_tasks_failed_total", "Task attempts that failed.", stats.tasksFailed());
    text.counter("hatchet_worker_tasks_retried_total", "Task attempts that were retries.", stats.tasksRetried());
    text.counter("hatchet_worker_tasks_cancelled_total", "Task attempts cancelled or handed back.", stats.tasksCancelled());
    text.summary(
        "hatchet_worker_queue_wait_seconds",
        "Time assigned task runs waited on the worker before their handler started.",
        stats.queueWait().toNanos() / 1e9,
        stats.queueWaitCount());
    return text.toString();
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
