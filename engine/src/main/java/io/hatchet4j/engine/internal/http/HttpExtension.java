package io.hatchet4j.engine.internal.http;

import com.sun.net.httpserver.HttpHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lets a feature outside this package add to the HTTP server: authenticated JSON routes, handlers
 * of their own path prefixes, and a handler in front of the router (such as a web page's files).
 *
 * <p>Not public API. Route handlers report errors as {@link
 * io.hatchet4j.engine.internal.EngineException}s, which the router turns into HTTP statuses.
 */
public interface HttpExtension {
  /** Adds nothing. */
  HttpExtension NONE = new HttpExtension() {};

  /** JSON routes that need {@code Authorization: Bearer <token>}. */
  default List<Route> routes() {
    return List.of();
  }

  /** Wraps the handler of {@code /}; the wrapper passes what it does not serve to {@code router}. */
  default HttpHandler inFrontOf(HttpHandler router) {
    return router;
  }

  /** Handlers of whole path prefixes that bypass the router, by prefix. */
  default Map<String, HttpHandler> contexts() {
    return Map.of();
  }

  /**
   * An authenticated JSON route.
   *
   * @param template a path such as {@code /api/v1/tenants/{tenant}/runs}
   */
  record Route(String method, String template, Handler handler) {}

  /** Answers a route with any value Jackson can write. */
  @FunctionalInterface
  interface Handler {
    Object handle(Request request) throws Exception;
  }

  /** What a route handler sees of a request. */
  record Request(String tenantId, Map<String, String> pathParams, Map<String, List<String>> query) {
    public Optional<String> queryParam(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }
}
