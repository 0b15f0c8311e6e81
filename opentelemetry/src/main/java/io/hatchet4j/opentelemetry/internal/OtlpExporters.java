package io.hatchet4j.opentelemetry.internal;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.TlsStrategy;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the OTLP/gRPC exporter that sends spans to the engine a client talks to. Not public API.
 *
 * <p>The exporter is OpenTelemetry's own, so spans are encoded exactly as every collector expects;
 * only the transport is ours: a grpc-java channel with the client's address, token and TLS
 * settings, handed to the exporter through its sender extension point rather than through the
 * class path, so an application's other OTLP exporters keep whatever sender they found there.
 */
public final class OtlpExporters {

  private OtlpExporters() {}

  /**
   * An exporter to {@code http(s)://<config.hostPort()>} ({@code http} when the TLS strategy is
   * {@code none}) sending {@code authorization: Bearer <token>}.
   *
   * @throws IllegalArgumentException if a configured certificate or key cannot be read
   */
  public static SpanExporter create(HatchetConfig config) {
    ManagedChannel channel = channel(config);
    try {
      GrpcSenderProvider senders = senderConfig -> new GrpcChannelSender(channel, senderConfig);
      ComponentLoader classPath = ComponentLoader.forClassLoader(OtlpExporters.class.getClassLoader());
      ComponentLoader loader =
          new ComponentLoader() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Iterable<T> load(Class<T> spiClass) {
              return spiClass == GrpcSenderProvider.class ? (List<T>) List.of(senders) : classPath.load(spiClass);
            }
          };
      String scheme = config.tlsStrategy() == TlsStrategy.NONE ? "http" : "https";
      return OtlpGrpcSpanExporter.builder()
          .setEndpoint(scheme + "://" + config.hostPort())
          .addHeader("authorization", "Bearer " + config.token())
          .setComponentLoader(loader)
          // The exporter's own metrics would otherwise look up GlobalOpenTelemetry, which fixes
          // the global to a no-op when the application has not set it yet.
          .setMeterProvider(MeterProvider::noop)
          .build();
    } catch (RuntimeException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  static ManagedChannel channel(HatchetConfig config) {
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.hostPort(), credentials(config));
    config.tlsServerName().ifPresent(builder::overrideAuthority);
    return builder.build();
  }

  private static ChannelCredentials credentials(HatchetConfig config) {
    if (config.tlsStrategy() == TlsStrategy.NONE) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    Path rootCa = config.tlsRootCaFile().orElse(null);
    try {
      if (rootCa != null) {
        tls.trustManager(rootCa.toFile());
      }
      if (config.tlsStrategy() == TlsStrategy.MTLS) {
        tls.keyManager(config.tlsCertFile().orElseThrow().toFile(), config.tlsKeyFile().orElseThrow().toFile());
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the TLS files for the span exporter: " + e.getMessage(), e);
    }
    return tls.build();
  }
}
