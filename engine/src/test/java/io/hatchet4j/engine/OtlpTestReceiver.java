package io.hatchet4j.engine;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.hatchet4j.engine.internal.collector.OtlpTraceService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OTLP trace receiver on loopback, over gRPC and over HTTP/protobuf ({@code POST
 * /v1/traces}), keeping every span with its resource and scope and the headers of each export.
 */
final class OtlpTestReceiver implements AutoCloseable {
  /** One span as received. */
  record Received(Resource resource, String scope, Span span) {
    String serviceName() {
      return resource.getAttributesList().stream().filter(kv -> kv.getKey().equals("service.name"))
          .map(kv -> kv.getValue().getStringValue()).findFirst().orElse("");
    }

    String attribute(String key) {
      return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(kv -> kv.getValue())
          .map(v -> v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue()).findFirst().orElse(null);
    }
  }

  private static final io.grpc.Context.Key<String> TEST_HEADER = io.grpc.Context.key("x-test");
  private static final Metadata.Key<String> TEST_HEADER_KEY =
      Metadata.Key.of("x-test", Metadata.ASCII_STRING_MARSHALLER);

  private final List<Received> spans = new ArrayList<>();
  private final List<String> testHeaders = new ArrayList<>();
  private final Server grpc;
  private final HttpServer http;

  OtlpTestReceiver() throws IOException {
    ServerInterceptor headers = new ServerInterceptor() {
      @Override
      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata metadata,
          io.grpc.ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(io.grpc.Context.current().withValue(TEST_HEADER, metadata.get(TEST_HEADER_KEY)),
            call, metadata, next);
      }
    };
    ServerServiceDefinition service = ServerServiceDefinition.builder("opentelemetry.proto.collector.trace.v1.TraceService")
        .addMethod(OtlpTraceService.EXPORT, ServerCalls.asyncUnaryCall((request, responses) -> {
          receive(request, TEST_HEADER.get());
          responses.onNext(ExportTraceServiceResponse.getDefaultInstance());
          responses.onCompleted();
        }))
        .build();
    grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service, headers)).build().start();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/v1/traces", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        receive(ExportTraceServiceRequest.parseFrom(body.readAllBytes()),
            exchange.getRequestHeaders().getFirst("x-test"));
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
      } catch (IOException e) {
        exchange.sendResponseHeaders(400, -1);
        throw new UncheckedIOException(e);
      } finally {
        exchange.close();
      }
    });
    http.start();
  }

  /** The gRPC endpoint URL. */
  String grpcEndpoint() {
    return "http://127.0.0.1:" + grpc.getPort();
  }

  /** The HTTP base URL; spans are posted to {@code /v1/traces} under it. */
  String httpEndpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private synchronized void receive(ExportTraceServiceRequest request, String testHeader) {
    testHeaders.add(testHeader);
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(new Received(resourceSpans.getResource(), scopeSpans.getScope().getName(), span));
        }
      }
    }
  }

  synchronized List<Received> spans() {
    return List.copyOf(spans);
  }

  /** The {@code x-test} header of each export received, null where it had none. */
  synchronized List<String> testHeaders() {
    return new ArrayList<>(testHeaders);
  }

  @Override
  public void close() throws InterruptedException {
    http.stop(0);
    grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
