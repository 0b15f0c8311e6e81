package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.TaskView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.annotation.Nullable;

/**
 * The engine's HTTP server and its routes.
 *
 * <p>Not public API. It serves a readiness check, a run listing of its own, and the upstream REST
 * routes the official SDKs call (schedules, crons, cancel and replay, runs, workers, workflows,
 * events, logs), each feature in its own class; engine/README.md lists them.
 */
public final class HttpApi implements AutoCloseable {
  private static final long ANSWER_TIMEOUT_SECONDS = 10;
  /** How long the scheduler loop has to answer a readiness probe. */
  static final Duration READY_DEADLINE = Duration.ofSeconds(2);

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpApi(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the server.
   *
   * @param authenticate maps a bearer token to its tenant id
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static HttpApi start(String host, int port, Function<String, Optional<String>> authenticate, Orchestrator orchestrator) {
    return start(host, port, authenticate, orchestrator, HttpExtension.NONE);
  }

  /** Same, with the routes and handlers of a feature added. */
  public static HttpApi start(String host, int port, Function<String, Optional<String>> authenticate,
      Orchestrator orchestrator, HttpExtension extension) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "hatchet4j-engine-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", extension.inFrontOf(routes(authenticate, orchestrator, extension)));
    extension.contexts().forEach(server::createContext);
    server.setExecutor(executor);
    server.start();
    return new HttpApi(server, executor);
  }

  static Router routes(Function<String, Optional<String>> authenticate, Orchestrator orchestrator) {
    return routes(authenticate, orchestrator, HttpExtension.NONE);
  }

  static Router routes(Function<String, Optional<String>> authenticate, Orchestrator orchestrator,
      HttpExtension extension) {
    Router.Builder router = Router.builder(authenticate);
    for (HttpExtension.Route route : extension.routes()) {
      router.authenticated(route.method(), route.template(), request -> HttpResponse.ok(route.handler().handle(
          new HttpExtension.Request(request.requireTenantId(), request.pathParams(), request.query()))));
    }
    // Upstream's REST surface that the official SDKs call, by feature.
    TenantRoutes.addTo(router, orchestrator);
    ScheduleRoutes.addTo(router, orchestrator);
    CronRoutes.addTo(router, orchestrator);
    TaskRoutes.addTo(router, orchestrator);
    RunRoutes.addTo(router, orchestrator);
    WorkerRoutes.addTo(router, orchestrator);
    return router
        .open("GET", "/api/ready", request -> ready(orchestrator))
        .authenticated("GET", "/api/v1/hatchet4j/runs", request -> HttpResponse.ok(runList(
            orchestrator.runViews(request.requireTenantId()).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS))))
        .build();
  }

  /**
   * {@code 200 {"status":"ok"}} while the scheduler loop runs and answers a no-op command within
   * {@link #READY_DEADLINE}; else {@code 503} with {@code "status":"unavailable"} and the reason.
   */
  private static HttpResponse ready(Orchestrator orchestrator) {
    Orchestrator.Readiness readiness = orchestrator.readiness(READY_DEADLINE);
    if (readiness.ready()) {
      return HttpResponse.ok(Json.newObject().put("status", "ok"));
    }
    return new HttpResponse(503, Json.newObject().put("status", "unavailable").put("detail", readiness.detail()));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static ObjectNode runList(List<RunView> runs) {
    ObjectNode body = Json.newObject();
    ArrayNode rows = body.putArray("rows");
    for (RunView run : runs) {
      ObjectNode row = rows.addObject()
          .put("id", run.id())
          .put("workflow", run.workflowName())
          .put("status", run.status().name())
          .put("createdAt", time(run.createdAtMs()))
          .put("startedAt", time(run.startedAtMs()))
          .put("finishedAt", time(run.finishedAtMs()));
      ArrayNode tasks = row.putArray("tasks");
      for (TaskView task : run.tasks()) {
        ObjectNode t = tasks.addObject()
            .put("id", task.id())
            .put("name", task.readableId())
            .put("status", task.status().name())
            .put("attempts", task.attempts())
            .put("retryCount", task.retryCount())
            .put("startedAt", time(task.startedAtMs()))
            .put("finishedAt", time(task.finishedAtMs()));
        if (task.error() != null && task.status().isTerminal()) {
          t.put("error", task.error());
        }
      }
    }
    return body;
  }

  @Nullable
  private static String time(@Nullable Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
