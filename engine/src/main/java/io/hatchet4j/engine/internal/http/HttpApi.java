package io.hatchet4j.engine.internal.http;

import com.sun.net.httpserver.HttpHandler;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.PayloadLimit;
import io.hatchet4j.engine.internal.auth.TokenRegistry;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.Readiness;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP server and its routes.
 *
 * <p>Not public API. It serves a readiness check, a run listing of its own, and the upstream REST
 * routes the official SDKs call (schedules, crons, cancel and replay, runs, workers, workflows,
 * events, logs, API tokens), each feature in its own class; engine/README.md lists them.
 *
 * <p>Jetty does the I/O: connections wait for their headers without holding a thread, idle ones are
 * closed after {@link #IDLE_TIMEOUT}, headers are capped at {@link #MAX_HEADER_BYTES}, handlers run
 * on a bounded pool, and request bodies are capped at the payload limit ({@link BodyLimit}). The
 * handlers are written against the JDK's {@code com.sun.net.httpserver} API ({@link JettyExchange}).
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  /** How long the scheduler loop has to answer a readiness probe. */
  static final Duration READY_DEADLINE = Duration.ofSeconds(2);
  /** A connection that sends nothing for this long, headers half-sent or not, is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** Largest request line plus headers; more gets 431. */
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** Threads that run handlers (and Jetty's acceptor and selector). */
  static final int MAX_THREADS = 32;

  private final Server server;
  private final ServerConnector connector;

  private HttpApi(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts the server with the routes and handlers of a feature added.
   *
   * @param authenticate maps a bearer token to its tenant id
   * @param tokens the API tokens the token routes list, issue and revoke
   * @param limit the largest request body, and the largest input a created run may carry
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static HttpApi start(String host, int port, Function<String, Optional<String>> authenticate,
      Orchestrator orchestrator, HttpExtension extension, TokenRegistry tokens, PayloadLimit limit) {
    return start(host, port, authenticate, orchestrator, extension, tokens, limit, UnaryOperator.identity());
  }

  /** Same, with {@code front} wrapped around every request's handling (the engine's own tracing). */
  public static HttpApi start(String host, int port, Function<String, Optional<String>> authenticate,
      Orchestrator orchestrator, HttpExtension extension, TokenRegistry tokens, PayloadLimit limit,
      UnaryOperator<Handler> front) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("hatchet4j-engine-http");
    threads.setDaemon(true);
    // Daemon threads throughout (as grpc-netty's): an engine left open never keeps the JVM alive.
    Server server = new Server(threads, new ScheduledExecutorScheduler("hatchet4j-engine-http-timer", true), null);
    HttpConfiguration config = new HttpConfiguration();
    config.setRequestHeaderSize(MAX_HEADER_BYTES);
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    Map<String, HttpHandler> contexts = new LinkedHashMap<>(extension.contexts());
    contexts.put("/", extension.inFrontOf(routes(authenticate, orchestrator, extension, tokens, limit)));
    server.setHandler(front.apply(new Bridge(contexts, limit.maxBytes())));
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw new UncheckedIOException("cannot start the HTTP server on " + host + ":" + port + ": " + e.getMessage(),
          e instanceof IOException ? (IOException) e : new IOException(e));
    }
    return new HttpApi(server, connector);
  }

  static Router routes(Function<String, Optional<String>> authenticate, Orchestrator orchestrator,
      HttpExtension extension, TokenRegistry tokens, PayloadLimit limit) {
    Router.Builder router = Router.builder(authenticate);
    for (HttpExtension.Route route : extension.routes()) {
      router.authenticated(route.method(), route.template(), request -> HttpResponse.ok(route.handler().handle(
          new HttpExtension.Request(request.requireTenantId(), request.pathParams(), request.query()))));
    }
    // Upstream's REST surface that the official SDKs call, by feature.
    TenantRoutes.addTo(router, orchestrator);
    ScheduleRoutes.addTo(router, orchestrator, limit);
    CronRoutes.addTo(router, orchestrator, limit);
    TaskRoutes.addTo(router, orchestrator);
    RunRoutes.addTo(router, orchestrator);
    WorkerRoutes.addTo(router, orchestrator);
    WorkflowRoutes.addTo(router, orchestrator);
    FilterRoutes.addTo(router, orchestrator);
    MetricRoutes.addTo(router, orchestrator);
    RateLimitRoutes.addTo(router, orchestrator);
    TokenRoutes.addTo(router, tokens);
    return router
        .open("GET", "/api/ready", request -> ready(orchestrator))
        .build();
  }

  /**
   * {@code 200 {"status":"ok"}} while the scheduler loop runs and answers a no-op command within
   * {@link #READY_DEADLINE}; else {@code 503} with {@code "status":"unavailable"} and the reason.
   */
  private static HttpResponse ready(Orchestrator orchestrator) {
    Readiness readiness = orchestrator.readiness(READY_DEADLINE);
    if (readiness.ready()) {
      return HttpResponse.ok(Json.newObject().put("status", "ok"));
    }
    return new HttpResponse(503, Json.newObject().put("status", "unavailable").put("detail", readiness.detail()));
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("could not stop the HTTP server cleanly", e);
    }
  }

  /**
   * Hands each request to the handler of the longest matching path prefix, as the JDK server picks
   * contexts, behind the body limit.
   */
  private static final class Bridge extends Handler.Abstract {
    private final List<Map.Entry<String, HttpHandler>> contexts;

    Bridge(Map<String, HttpHandler> contexts, long maxBodyBytes) {
      this.contexts = contexts.entrySet().stream()
          .sorted(Comparator.comparingInt((Map.Entry<String, HttpHandler> e) -> e.getKey().length()).reversed())
          .map(e -> Map.entry(e.getKey(), (HttpHandler) new BodyLimit(e.getValue(), maxBodyBytes)))
          .toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getPath();
      HttpHandler handler = null;
      for (Map.Entry<String, HttpHandler> context : contexts) {
        if (path != null && path.startsWith(context.getKey())) {
          handler = context.getValue();
          break;
        }
      }
      if (handler == null) {
        return false; // Jetty answers 404
      }
      JettyExchange exchange = new JettyExchange(request, response);
      try {
        handler.handle(exchange);
        exchange.close();
        callback.succeeded();
      } catch (Exception e) {
        if (!(e instanceof IOException)) {
          log.error("HTTP request failed", e);
        }
        if (response.isCommitted()) {
          callback.failed(e);
        } else {
          Response.writeError(request, response, callback, 500, "internal engine error");
        }
      }
      return true;
    }
  }
}
