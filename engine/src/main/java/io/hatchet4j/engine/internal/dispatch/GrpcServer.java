package io.hatchet4j.engine.internal.dispatch;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.hatchet4j.engine.internal.PayloadLimit;
import io.hatchet4j.engine.internal.auth.AuthInterceptor;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;

/**
 * Builds and starts the engine's gRPC server with every service behind authentication and the
 * {@link RequestGuard} (malformed requests and oversized inputs answered INVALID_ARGUMENT), except
 * the standard {@code grpc.health.v1.Health} service, which is open.
 *
 * <p>Not public API.
 */
public final class GrpcServer {
  private GrpcServer() {}

  /**
   * Starts the server; read the bound port from {@link Server#getPort()}.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static Server start(String host, int port, PayloadLimit limit, AuthInterceptor auth, Orchestrator orchestrator,
      ServerServiceDefinition... moreServices) {
    return start(host, port, limit, auth, null, orchestrator, moreServices);
  }

  /**
   * Same, with {@code outermost} (the engine's own tracing) around every service, health included,
   * so that refused calls are seen too; null for none.
   */
  public static Server start(String host, int port, PayloadLimit limit, AuthInterceptor auth,
      @Nullable ServerInterceptor outermost, Orchestrator orchestrator, ServerServiceDefinition... moreServices) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        // The official SDKs ping every 10 s, even without calls; stricter limits would GOAWAY them.
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        // Our own pings find workers that vanished without closing their connection.
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .maxInboundMessageSize(limit.maxBytes());
    if (outermost != null) {
      builder.intercept(outermost);
    }
    List<BindableService> services = List.of(
        new GrpcDispatcher(orchestrator),
        new GrpcEvents(orchestrator),
        new GrpcWorkflows(orchestrator),
        new GrpcAdmin(orchestrator),
        new GrpcV1Dispatcher(orchestrator));
    for (BindableService service : services) {
      builder.addService(RequestGuard.guard(ServerInterceptors.intercept(service, auth), limit));
    }
    for (ServerServiceDefinition service : moreServices) {
      builder.addService(RequestGuard.guard(ServerInterceptors.intercept(service, auth), limit));
    }
    // Health needs no token, like /api/ready: probes (kubelet, grpc_health_probe) have none.
    builder.addService(GrpcHealth.start(orchestrator).service());
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the gRPC server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }
}
