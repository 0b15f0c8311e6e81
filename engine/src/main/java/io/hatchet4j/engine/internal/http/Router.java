package io.hatchet4j.engine.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.auth.AuthInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests by method and path template ({@code /api/v1/tenants/{tenant}/runs}) to
 * handlers, authenticates the routes that need it, and writes JSON answers.
 *
 * <p>Build it with {@link #builder}; the built router is immutable and thread-safe.
 */
final class Router implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  /** Handles one route. */
  @FunctionalInterface
  interface Handler {
    HttpResponse handle(HttpRequest request) throws Exception;
  }

  private record Route(String method, String[] segments, boolean authenticated, Handler handler) {}

  private final List<Route> routes;
  private final Function<String, Optional<String>> authenticate;

  private Router(List<Route> routes, Function<String, Optional<String>> authenticate) {
    this.routes = List.copyOf(routes);
    this.authenticate = authenticate;
  }

  /**
   * @param authenticate maps a bearer token to its tenant id, empty if the token is not valid
   */
  static Builder builder(Function<String, Optional<String>> authenticate) {
    return new Builder(authenticate);
  }

  /** Collects routes. Not thread-safe. */
  static final class Builder {
    private final Function<String, Optional<String>> authenticate;
    private final List<Route> routes = new ArrayList<>();

    private Builder(Function<String, Optional<String>> authenticate) {
      this.authenticate = authenticate;
    }

    /** Adds a route anyone may call. */
    Builder open(String method, String template, Handler handler) {
      routes.add(new Route(method, split(template), false, handler));
      return this;
    }

    /** Adds a route that needs {@code Authorization: Bearer <token>}; others get 401. */
    Builder authenticated(String method, String template, Handler handler) {
      routes.add(new Route(method, split(template), true, handler));
      return this;
    }

    Router build() {
      return new Router(routes, authenticate);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpResponse response;
      try {
        response = route(exchange);
      } catch (Exception e) {
        response = failure(e);
      }
      write(exchange, response);
    }
  }

  private HttpResponse route(HttpExchange exchange) throws Exception {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String[] segments = split(path);
    boolean pathMatched = false;
    for (Route route : routes) {
      Map<String, String> params = match(route.segments, segments);
      if (params == null) {
        continue;
      }
      pathMatched = true;
      if (!route.method.equalsIgnoreCase(method)) {
        continue;
      }
      String tenantId = null;
      if (route.authenticated) {
        Optional<String> tenant = AuthInterceptor.bearerToken(exchange.getRequestHeaders().getFirst("Authorization"))
            .flatMap(authenticate);
        if (tenant.isEmpty()) {
          return HttpResponse.error(401, "invalid auth token");
        }
        tenantId = tenant.get();
        // A tenant in the path must be the token's own: tokens never reach into other tenants.
        String pathTenant = params.get("tenant");
        if (pathTenant != null && !tenantId.equals(Ids.canonicalOrNull(pathTenant))) {
          return HttpResponse.error(403, "the token does not grant access to tenant " + pathTenant);
        }
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes(); // at most the payload limit: BodyLimit caps the stream
      }
      return route.handler.handle(new HttpRequest(method, path, params, query(exchange), tenantId, body));
    }
    return pathMatched ? HttpResponse.error(405, "method not allowed") : HttpResponse.error(404, "not found");
  }

  private static HttpResponse failure(Exception e) {
    if (e instanceof BodyLimit.TooLarge) {
      return HttpResponse.error(413, e.getMessage());
    }
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof EngineException) {
      EngineException engineError = (EngineException) cause;
      return HttpResponse.error(httpStatus(engineError.kind()), engineError.getMessage());
    }
    log.error("HTTP request failed", cause);
    return HttpResponse.error(500, "internal engine error");
  }

  private static int httpStatus(EngineException.Kind kind) {
    switch (kind) {
      case INVALID_ARGUMENT:
        return 400;
      case UNAUTHENTICATED:
        return 401;
      case NOT_FOUND:
        return 404;
      case ALREADY_EXISTS:
      case FAILED_PRECONDITION:
        return 409;
      case RESOURCE_EXHAUSTED:
        return 429;
      case INTERNAL:
        return 500;
      default:
        return 503;
    }
  }

  private static void write(HttpExchange exchange, HttpResponse response) throws IOException {
    if (response.status() == 204) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    byte[] bytes = Json.write(response.body()).getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String[] split(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
  }

  /** Returns the template's parameters if the path matches it, else null. */
  private static Map<String, String> match(String[] template, String[] path) {
    if (template.length != path.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        params.put(t.substring(1, t.length() - 1), URLDecoder.decode(path[i], UTF_8));
      } else if (!t.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  private static Map<String, List<String>> query(HttpExchange exchange) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }
}
