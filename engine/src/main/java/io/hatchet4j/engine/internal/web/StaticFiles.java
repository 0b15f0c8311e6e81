package io.hatchet4j.engine.internal.web;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the trace viewer's files from the jar and hands every other request to the API.
 *
 * <p>Not public API. Thread-safe. {@code /} is the page; its scripts and styles live under {@code
 * /ui/}. The files are read once at start. Responses forbid loading anything from elsewhere, so
 * the page works without network and a span attribute cannot pull in a script.
 */
public final class StaticFiles implements HttpHandler {
  static final String RESOURCE_DIR = "/io/hatchet4j/engine/web/";
  /** Every file of the page; a test checks that each exists. */
  static final List<String> FILES = List.of("index.html", "app.js", "api.js", "runs.js", "run.js", "spantree.js",
      "waterfall.js", "format.js", "style.css", "openapi.yaml");
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private record File(byte[] bytes, String contentType) {}

  private final Map<String, File> files;
  private final HttpHandler api;

  private StaticFiles(Map<String, File> files, HttpHandler api) {
    this.files = files;
    this.api = api;
  }

  /** Loads the page's files and serves them in front of {@code api}. */
  public static StaticFiles inFrontOf(HttpHandler api) {
    requireNonNull(api, "api");
    Map<String, File> files = new HashMap<>();
    for (String name : FILES) {
      try (InputStream in = StaticFiles.class.getResourceAsStream(RESOURCE_DIR + name)) {
        if (in == null) {
          throw new IllegalStateException("the engine jar lacks its web file " + name);
        }
        files.put(name, new File(in.readAllBytes(), contentType(name)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new StaticFiles(Map.copyOf(files), api);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    String name = path.equals("/") || path.equals("/index.html") ? "index.html"
        : path.startsWith("/ui/") ? path.substring("/ui/".length()) : null;
    if (name == null || !(method.equals("GET") || method.equals("HEAD"))) {
      api.handle(exchange);
      return;
    }
    try (exchange) {
      File file = files.get(name);
      if (file == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", file.contentType);
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, file.bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(file.bytes);
      }
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".yaml")) {
      return "application/yaml; charset=utf-8";
    }
    return "application/octet-stream";
  }
}
