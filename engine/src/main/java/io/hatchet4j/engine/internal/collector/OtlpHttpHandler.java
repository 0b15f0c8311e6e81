package io.hatchet4j.engine.internal.collector;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hatchet4j.engine.internal.auth.AuthInterceptor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP with binary protobuf: {@code POST /v1/traces} on the engine's HTTP port, for exporters
 * that cannot speak gRPC. Same token, limits and answers as the gRPC service.
 *
 * <p>Not public API. Thread-safe. JSON-encoded OTLP is not supported (415); gzip bodies are.
 */
public final class OtlpHttpHandler implements HttpHandler {
  public static final String PATH = "/v1/traces";
  private static final String PROTOBUF = "application/x-protobuf";

  private final TraceCollector collector;
  private final Function<String, Optional<String>> authenticate;
  private final int maxBodyBytes;

  /**
   * @param authenticate maps a bearer token to its tenant id
   * @param maxBodyBytes largest request body accepted, as the gRPC message limit
   */
  public OtlpHttpHandler(TraceCollector collector, Function<String, Optional<String>> authenticate, int maxBodyBytes) {
    this.collector = requireNonNull(collector, "collector");
    this.authenticate = requireNonNull(authenticate, "authenticate");
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        sendText(exchange, 404, "not found");
        return;
      }
      if (!exchange.getRequestMethod().equalsIgnoreCase("POST")) {
        sendText(exchange, 405, "method not allowed");
        return;
      }
      Optional<String> tenant = AuthInterceptor.bearerToken(exchange.getRequestHeaders().getFirst("Authorization"))
          .flatMap(authenticate);
      if (tenant.isEmpty()) {
        sendText(exchange, 401, "invalid auth token");
        return;
      }
      String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
      if (!contentType.toLowerCase(Locale.ROOT).startsWith(PROTOBUF)) {
        sendText(exchange, 415, "only " + PROTOBUF + " is supported");
        return;
      }
      byte[] body;
      try (InputStream raw = exchange.getRequestBody();
          InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
              ? new GZIPInputStream(raw) : raw) {
        body = in.readNBytes(maxBodyBytes + 1);
      }
      if (body.length > maxBodyBytes) {
        sendText(exchange, 413, "request body exceeds " + maxBodyBytes + " bytes");
        return;
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        sendText(exchange, 400, "malformed ExportTraceServiceRequest: " + e.getMessage());
        return;
      }
      ExportTraceServiceResponse response = collector.export(tenant.get(), request);
      byte[] bytes = response.toByteArray();
      exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
      exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private void sendText(HttpExchange exchange, int status, String message) throws IOException {
    // Read what is left of the request first (at most the body limit): a refusal sent while the
    // client is still writing its body can be lost when the connection closes under it.
    try (InputStream rest = exchange.getRequestBody()) {
      long left = maxBodyBytes + 1L;
      byte[] sink = new byte[8192];
      for (int n; left > 0 && (n = rest.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException e) {
      // The client went away; the refusal below fails the same way and closes the exchange.
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
