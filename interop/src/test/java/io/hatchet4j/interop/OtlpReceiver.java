package io.hatchet4j.interop;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OTLP/gRPC trace receiver on loopback that the engine forwards every span export to, exactly as
 * the SDKs sent it: the engine's trace API renders attributes as strings, this keeps their types.
 */
final class OtlpReceiver implements AutoCloseable {
  private static final MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> EXPORT =
      MethodDescriptor.<ExportTraceServiceRequest, ExportTraceServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(ProtoUtils.marshaller(ExportTraceServiceRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  /** One span as received, with the resource and instrumentation scope it came with. */
  record ReceivedSpan(Resource resource, String scope, Span span) {
    String name() {
      return span.getName();
    }

    String serviceName() {
      return resource.getAttributesList().stream().filter(kv -> kv.getKey().equals("service.name"))
          .map(kv -> kv.getValue().getStringValue()).findFirst().orElse("");
    }

    List<KeyValue> attributes() {
      return span.getAttributesList();
    }
  }

  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final Server server;

  OtlpReceiver() {
    ServerServiceDefinition service = ServerServiceDefinition.builder("opentelemetry.proto.collector.trace.v1.TraceService")
        .addMethod(EXPORT, ServerCalls.asyncUnaryCall((request, responses) -> {
          receive(request);
          responses.onNext(ExportTraceServiceResponse.getDefaultInstance());
          responses.onCompleted();
        }))
        .build();
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port}, for the engine's forwarding option. */
  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  private synchronized void receive(ExportTraceServiceRequest request) {
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(new ReceivedSpan(resourceSpans.getResource(), scopeSpans.getScope().getName(), span));
        }
      }
    }
  }

  /** Every span received so far. */
  synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
