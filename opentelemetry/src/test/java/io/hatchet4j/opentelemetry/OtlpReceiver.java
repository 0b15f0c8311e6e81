package io.hatchet4j.opentelemetry;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OTLP/gRPC trace receiver on a loopback port, as the engine's collector is; or, without
 * the service, an engine whose collector is off, answering {@code UNIMPLEMENTED}.
 */
final class OtlpReceiver implements AutoCloseable {
  static final String SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";

  private static final MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> EXPORT =
      MethodDescriptor.<ExportTraceServiceRequest, ExportTraceServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(SERVICE + "/Export")
          .setRequestMarshaller(ProtoUtils.marshaller(ExportTraceServiceRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final BlockingQueue<ExportTraceServiceRequest> requests = new LinkedBlockingQueue<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  /** The {@code service.name} of every resource received. */
  final List<String> serviceNames = new CopyOnWriteArrayList<>();
  /** Every call that reached the server, served or not. */
  final AtomicInteger calls = new AtomicInteger();

  private final Server server;

  private OtlpReceiver(boolean withService) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    if (withService) {
      ServerServiceDefinition service =
          ServerServiceDefinition.builder(SERVICE)
              .addMethod(
                  ServerMethodDefinition.create(
                      EXPORT,
                      ServerCalls.asyncUnaryCall(
                          (request, response) -> {
                            request.getResourceSpansList().forEach(r -> r.getResource().getAttributesList().stream()
                                .filter(a -> a.getKey().equals("service.name"))
                                .forEach(a -> serviceNames.add(a.getValue().getStringValue())));
                            requests.add(request);
                            response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                            response.onCompleted();
                          })))
              .build();
      builder.addService(ServerInterceptors.intercept(service, new HeaderRecorder()));
    } else {
      builder.fallbackHandlerRegistry(
          new HandlerRegistry() {
            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
              calls.incrementAndGet();
              return null;
            }
          });
    }
    try {
      this.server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A receiver serving the trace service. */
  static OtlpReceiver collector() {
    return new OtlpReceiver(true);
  }

  /** A gRPC server without the trace service: every export is {@code UNIMPLEMENTED}. */
  static OtlpReceiver withoutCollector() {
    return new OtlpReceiver(false);
  }

  String hostPort() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The spans received so far, waiting up to {@code timeout} for one named {@code name}. */
  List<Span> awaitSpan(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Span> received = new CopyOnWriteArrayList<>();
    while (received.stream().noneMatch(span -> span.getName().equals(name))) {
      long left = deadline - System.nanoTime();
      ExportTraceServiceRequest request = left > 0 ? requests.poll(left, TimeUnit.NANOSECONDS) : null;
      if (request == null) {
        throw new AssertionError("no span named " + name + " within " + timeout + "; received " + received);
      }
      request.getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(s -> received.addAll(s.getSpansList())));
    }
    return received;
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class HeaderRecorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      calls.incrementAndGet();
      authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
      return next.startCall(call, headers);
    }
  }
}
