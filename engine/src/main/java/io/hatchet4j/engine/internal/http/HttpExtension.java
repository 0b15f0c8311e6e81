package io.hatchet4j.engine.internal.http;

import com.sun.net.httpserver.HttpHandler;
import java.util.Map;

/**
 * Lets a feature outside this package add to the HTTP server: JSON routes, handlers of their own
 * paths, and a handler in front of the router (such as the web page's files).
 *
 * <p>Not public API.
 */
public interface HttpExtension {
  /** Adds nothing. */
  HttpExtension NONE = new HttpExtension() {};

  /** Adds routes to the router being built. */
  default Router.Builder routes(Router.Builder router) {
    return router;
  }

  /** Wraps the handler of {@code /}; the wrapper passes what it does not serve to {@code router}. */
  default HttpHandler inFrontOf(HttpHandler router) {
    return router;
  }

  /** Handlers of whole path prefixes that bypass the router, by prefix. */
  default Map<String, HttpHandler> contexts() {
    return Map.of();
  }
}
