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
    ObjectNode ready = Json.newObject().put("status", "ok");
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
        .open("GET", "/api/ready", request -> HttpResponse.ok(ready))
        .build();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
