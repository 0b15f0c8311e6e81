package io.hatchet4j.opentelemetry.internal;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.TlsStrategy;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the OTLP/gRPC exporter that sends spans to the engine a client talks to. Not public API.
 *
 * <p>The transport is a grpc-java channel with the client's address, token and TLS settings, the
 * same stack the SDK uses for everything else; see {@link EngineSpanExporter} for how it fails.
 */
public final class OtlpExporters {

  /** How long an export, and closing the connection, may take by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private OtlpExporters() {}

  /**
   * An exporter to {@code config.hostPort()} (plain text when the TLS strategy is {@code none})
   * sending {@code authorization: Bearer <token>}, with the {@linkplain #DEFAULT_TIMEOUT default
   * timeout}.
   *
   * @throws IllegalArgumentException if a configured certificate or key cannot be read
   */
  public static SpanExporter create(HatchetConfig config) {
    return create(config, DEFAULT_TIMEOUT);
  }

  /** {@link #create(HatchetConfig)} with each export and the shutdown bounded by {@code timeout}. */
  public static SpanExporter create(HatchetConfig config, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive; got " + timeout);
    }
    return new EngineSpanExporter(channel(config), config.hostPort(), config.token(), timeout);
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
