package io.hatchet4j.internal;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.hatchet4j.ConfigurationException;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.proto.dispatcher.DispatcherGrpc;
import io.hatchet4j.proto.events.EventsServiceGrpc;
import io.hatchet4j.proto.v1.AdminServiceGrpc;
import io.hatchet4j.proto.v1.V1DispatcherGrpc;
import io.hatchet4j.proto.workflows.WorkflowServiceGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The gRPC channel to the engine and the stubs on it, each call carrying the token.
 *
 * <p>The channel settings follow the official SDKs, so the engine treats this client as it treats
 * them: keepalive pings every 10 seconds, also without calls, and 4 MiB messages. Not public API.
 */
public final class Connection {
  /** How long a unary call may take before it fails, unless the caller says otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final HatchetConfig config;
  private final ManagedChannel channel;
  private final DispatcherGrpc.DispatcherStub dispatcher;
  private final DispatcherGrpc.DispatcherBlockingStub dispatcherBlocking;
  private final WorkflowServiceGrpc.WorkflowServiceBlockingStub workflows;
  private final EventsServiceGrpc.EventsServiceBlockingStub events;
  private final EventsServiceGrpc.EventsServiceStub eventsAsync;
  private final AdminServiceGrpc.AdminServiceBlockingStub admin;
  private final V1DispatcherGrpc.V1DispatcherStub durable;

  public Connection(HatchetConfig config) {
    this.config = config;
    this.channel = newChannel(config);
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "bearer " + config.token());
    var auth = MetadataUtils.newAttachHeadersInterceptor(headers);
    this.dispatcher = configure(DispatcherGrpc.newStub(channel).withInterceptors(auth));
    this.dispatcherBlocking = configure(DispatcherGrpc.newBlockingStub(channel).withInterceptors(auth));
    this.workflows = configure(WorkflowServiceGrpc.newBlockingStub(channel).withInterceptors(auth));
    this.events = configure(EventsServiceGrpc.newBlockingStub(channel).withInterceptors(auth));
    this.eventsAsync = configure(EventsServiceGrpc.newStub(channel).withInterceptors(auth));
    this.admin = configure(AdminServiceGrpc.newBlockingStub(channel).withInterceptors(auth));
    this.durable = configure(V1DispatcherGrpc.newStub(channel).withInterceptors(auth));
  }

  private <S extends AbstractStub<S>> S configure(S stub) {
    return stub.withMaxOutboundMessageSize(config.maxSendMessageSize())
        .withMaxInboundMessageSize(config.maxReceiveMessageSize());
  }

  private static ManagedChannel newChannel(HatchetConfig config) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(config.hostPort())
            .keepAliveTime(10, TimeUnit.SECONDS)
            .keepAliveTimeout(60, TimeUnit.SECONDS)
            .keepAliveWithoutCalls(true)
            .maxInboundMessageSize(config.maxReceiveMessageSize())
            .userAgent("hatchet4j/" + SdkVersion.VERSION);
    if (config.tlsStrategy() == TlsStrategy.NONE) {
      builder.usePlaintext();
    } else {
      builder.negotiationType(NegotiationType.TLS).sslContext(sslContext(config));
      config.tlsServerName().ifPresent(builder::overrideAuthority);
    }
    return builder.build();
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(HatchetConfig config) {
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient();
      if (config.tlsRootCaFile().isPresent()) {
        ssl.trustManager(config.tlsRootCaFile().get().toFile());
      }
      if (config.tlsStrategy() == TlsStrategy.MTLS) {
        ssl.keyManager(config.tlsCertFile().orElseThrow().toFile(), config.tlsKeyFile().orElseThrow().toFile());
      }
      return ssl.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new ConfigurationException("TLS files could not be loaded: " + e.getMessage(), e);
    }
  }

  public HatchetConfig config() {
    return config;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public DispatcherGrpc.DispatcherStub dispatcher() {
    return dispatcher;
  }

  public DispatcherGrpc.DispatcherBlockingStub dispatcherBlocking() {
    return dispatcherBlocking.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  public WorkflowServiceGrpc.WorkflowServiceBlockingStub workflows() {
    return workflows.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  public EventsServiceGrpc.EventsServiceBlockingStub events() {
    return events.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  public EventsServiceGrpc.EventsServiceStub eventsAsync() {
    return eventsAsync.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  public AdminServiceGrpc.AdminServiceBlockingStub admin() {
    return admin.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The durable task stream's service; its calls have no deadline. */
  public V1DispatcherGrpc.V1DispatcherStub durable() {
    return durable;
  }

  /** Closes the channel, waiting up to {@code timeout} for calls to end before cancelling them. */
  public void close(Duration timeout) {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
