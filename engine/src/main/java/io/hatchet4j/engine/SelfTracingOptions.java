package io.hatchet4j.engine;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine sends the spans of its own work (the gRPC calls and REST requests it serves,
 * its scheduling passes), over OTLP: upstream's {@code SERVER_OTEL_*} settings, for an
 * OpenTelemetry Collector, Jaeger or any OTLP backend.
 *
 * <p>These spans go out through a tracer provider of their own: they are never stored with the
 * tenants' traces that the engine collects, and tenants' spans never leave through it. Export is
 * off unless options are given to {@link EngineOptions.Builder#setSelfTracing}; the command line
 * reads them from the standard {@code OTEL_*} variables with {@link #fromEnvironment(Map)}.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder()
 *     .setSelfTracing(SelfTracingOptions.builder("http://localhost:4318").build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SelfTracingOptions {
  /** The {@code service.name} of the engine's spans unless set. */
  public static final String DEFAULT_SERVICE_NAME = "hatchet4j-engine";
  /** How long one export may take, OpenTelemetry's default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The OTLP transport. */
  public enum Protocol {
    /** OTLP over gRPC ({@code grpc}), usually port 4317. */
    GRPC("grpc"),
    /** OTLP over HTTP with protobuf bodies ({@code http/protobuf}), usually port 4318. */
    HTTP_PROTOBUF("http/protobuf");

    private final String value;

    Protocol(String value) {
      this.value = value;
    }

    /** The value of {@code OTEL_EXPORTER_OTLP_PROTOCOL} that names it. */
    public String value() {
      return value;
    }

    /**
     * The protocol named by an {@code OTEL_EXPORTER_OTLP_PROTOCOL} value.
     *
     * @throws IllegalArgumentException for {@code http/json} (not supported) and unknown values
     */
    public static Protocol of(String value) {
      String text = requireNonNull(value, "value").strip().toLowerCase(Locale.ROOT);
      for (Protocol protocol : values()) {
        if (protocol.value.equals(text)) {
          return protocol;
        }
      }
      throw new IllegalArgumentException("OTLP protocol must be grpc or http/protobuf, got '" + value + "'");
    }
  }

  private final URI endpoint;
  private final Protocol protocol;
  private final Map<String, String> headers;
  private final String serviceName;
  private final double sampleRatio;
  private final Duration timeout;

  private SelfTracingOptions(Builder builder) {
    this.protocol = builder.protocol;
    this.endpoint = builder.endpoint;
    this.headers = Map.copyOf(builder.headers);
    this.serviceName = builder.serviceName;
    this.sampleRatio = builder.sampleRatio;
    this.timeout = builder.timeout;
  }

  /**
   * Returns a builder sending to {@code endpoint}, an {@code http://} or {@code https://} URL: the
   * collector's address for gRPC, the URL spans are posted to for HTTP ({@code /v1/traces} is
   * added when the URL has no path).
   *
   * @throws IllegalArgumentException if it is not such a URL
   */
  public static Builder builder(String endpoint) {
    return new Builder(endpoint);
  }

  /**
   * Options from environment variables, empty when they turn export off: the standard {@code
   * OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, {@code
   * OTEL_EXPORTER_OTLP[_TRACES]_PROTOCOL} ({@code http/protobuf} by default, as the OpenTelemetry
   * specification says), {@code OTEL_EXPORTER_OTLP[_TRACES]_HEADERS}, {@code
   * OTEL_EXPORTER_OTLP[_TRACES]_TIMEOUT} (milliseconds), {@code OTEL_SERVICE_NAME}, {@code
   * OTEL_SDK_DISABLED} and {@code OTEL_TRACES_EXPORTER=none}; or upstream's {@code
   * SERVER_OTEL_COLLECTOR_URL} (gRPC, {@code host:port}), {@code SERVER_OTEL_INSECURE}, {@code
   * SERVER_OTEL_COLLECTOR_AUTH}, {@code SERVER_OTEL_SERVICE_NAME} and {@code
   * SERVER_OTEL_TRACE_ID_RATIO}. Export stays off unless an endpoint variable is set.
   *
   * @param env the variables, such as {@code System.getenv()}
   * @throws IllegalArgumentException if a variable that is set has a value that cannot be used
   */
  public static Optional<SelfTracingOptions> fromEnvironment(Map<String, String> env) {
    requireNonNull(env, "env");
    if (isTrue(env.get("OTEL_SDK_DISABLED")) || "none".equalsIgnoreCase(blankToNull(env.get("OTEL_TRACES_EXPORTER")))) {
      return Optional.empty();
    }
    String tracesEndpoint = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    String baseEndpoint = blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
    String upstreamUrl = blankToNull(env.get("SERVER_OTEL_COLLECTOR_URL"));
    Builder builder;
    if (tracesEndpoint != null || baseEndpoint != null) {
      String protocolName = firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
      Protocol protocol = protocolName == null ? Protocol.HTTP_PROTOBUF : Protocol.of(protocolName);
      String endpoint = tracesEndpoint;
      if (endpoint == null) {
        // The base endpoint gets the signal's path for HTTP; a traces endpoint is used as it is.
        endpoint = protocol == Protocol.GRPC ? baseEndpoint : withTracesPath(baseEndpoint);
      }
      builder = new Builder(endpoint).setProtocol(protocol);
      String headers = firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
      if (headers != null) {
        builder.headers.putAll(parseHeaders(headers));
      }
      String timeout = firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT");
      if (timeout != null) {
        builder.setTimeout(Duration.ofMillis(number("OTEL_EXPORTER_OTLP_TIMEOUT", timeout)));
      }
    } else if (upstreamUrl != null) {
      String scheme = isTrue(env.get("SERVER_OTEL_INSECURE")) ? "http://" : "https://";
      builder = new Builder(upstreamUrl.contains("://") ? upstreamUrl : scheme + upstreamUrl)
          .setProtocol(Protocol.GRPC);
      String auth = blankToNull(env.get("SERVER_OTEL_COLLECTOR_AUTH"));
      if (auth != null) {
        builder.addHeader("authorization", auth);
      }
      String ratio = blankToNull(env.get("SERVER_OTEL_TRACE_ID_RATIO"));
      if (ratio != null) {
        try {
          builder.setSampleRatio(Double.parseDouble(ratio));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("SERVER_OTEL_TRACE_ID_RATIO must be a number, got '" + ratio + "'");
        }
      }
    } else {
      return Optional.empty();
    }
    String service = firstSet(env, "OTEL_SERVICE_NAME", "SERVER_OTEL_SERVICE_NAME");
    if (service != null) {
      builder.setServiceName(service);
    }
    return Optional.of(builder.build());
  }

  /**
   * Reads OTLP headers in the {@code OTEL_EXPORTER_OTLP_HEADERS} format: {@code key=value} pairs
   * separated by commas, values percent-encoded.
   *
   * @throws IllegalArgumentException if a pair has no {@code =} or an empty key
   */
  public static Map<String, String> parseHeaders(String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String pair : requireNonNull(text, "text").split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || pair.substring(0, eq).isBlank()) {
        throw new IllegalArgumentException("OTLP headers must be key=value pairs separated by commas, got '"
            + pair.strip() + "'");
      }
      headers.put(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT),
          URLDecoder.decode(pair.substring(eq + 1).strip(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  /** Where spans go: the collector's address for gRPC, the full URL for HTTP. */
  public URI endpoint() {
    return endpoint;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** Headers sent with every export, such as {@code authorization}; keys in lower case. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The {@code service.name} resource attribute of the engine's spans. */
  public String serviceName() {
    return serviceName;
  }

  /** The share of traces kept, from 0 to 1 (head sampling by trace id); 1 by default. */
  public double sampleRatio() {
    return sampleRatio;
  }

  /** How long one export may take before it is dropped. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns a builder holding these options, to make a variant. */
  public Builder toBuilder() {
    Builder builder = new Builder(endpoint.toString()).setProtocol(protocol).setServiceName(serviceName)
        .setSampleRatio(sampleRatio).setTimeout(timeout);
    builder.headers.putAll(headers);
    return builder;
  }

  @Override
  public String toString() {
    // Header values are secrets (tokens): only their names are shown.
    return "SelfTracingOptions{endpoint=" + endpoint + ", protocol=" + protocol.value + ", headers="
        + headers.keySet() + ", serviceName=" + serviceName + ", sampleRatio=" + sampleRatio + ", timeout="
        + timeout + '}';
  }

  private static String withTracesPath(String base) {
    return base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces";
  }

  private static String firstSet(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = blankToNull(env.get(name));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static boolean isTrue(String value) {
    return value != null && value.strip().equalsIgnoreCase("true");
  }

  private static long number(String name, String value) {
    try {
      long n = Long.parseLong(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(name + " must be a positive number of milliseconds, got '" + value + "'");
  }

  /** Builder of {@link SelfTracingOptions}. Not thread-safe; each setter checks its input at once. */
  public static final class Builder {
    private URI endpoint;
    private String rawEndpoint;
    private Protocol protocol = Protocol.HTTP_PROTOBUF;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String serviceName = DEFAULT_SERVICE_NAME;
    private double sampleRatio = 1.0;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(String endpoint) {
      this.rawEndpoint = requireNonNull(endpoint, "endpoint").strip();
      URI uri;
      try {
        uri = URI.create(rawEndpoint);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null
          || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
        throw new IllegalArgumentException("the OTLP endpoint must be an http:// or https:// URL with a host, got '"
            + endpoint + "'");
      }
      this.endpoint = uri;
    }

    /** Sets the transport; {@link Protocol#HTTP_PROTOBUF} unless set, as OpenTelemetry's default. */
    public Builder setProtocol(Protocol protocol) {
      this.protocol = requireNonNull(protocol, "protocol");
      return this;
    }

    /** Adds a header sent with every export, such as {@code authorization}. */
    public Builder addHeader(String name, String value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (name.isBlank()) {
        throw new IllegalArgumentException("header name must not be blank");
      }
      headers.put(name.strip().toLowerCase(Locale.ROOT), value);
      return this;
    }

    /** Sets the {@code service.name} of the engine's spans ({@value #DEFAULT_SERVICE_NAME} unless set). */
    public Builder setServiceName(String serviceName) {
      requireNonNull(serviceName, "serviceName");
      if (serviceName.isBlank()) {
        throw new IllegalArgumentException("serviceName must not be blank");
      }
      this.serviceName = serviceName.strip();
      return this;
    }

    /** Keeps this share of traces, from 0 (none) to 1 (all, the default), chosen by trace id. */
    public Builder setSampleRatio(double sampleRatio) {
      if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
        throw new IllegalArgumentException("sampleRatio must be between 0 and 1, got " + sampleRatio);
      }
      this.sampleRatio = sampleRatio;
      return this;
    }

    /** Sets how long one export may take (10 s unless set). */
    public Builder setTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Returns the options; an HTTP endpoint without a path gets {@code /v1/traces}. */
    public SelfTracingOptions build() {
      if (protocol == Protocol.HTTP_PROTOBUF) {
        String path = endpoint.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
          endpoint = URI.create(withTracesPath(rawEndpoint));
          rawEndpoint = endpoint.toString();
        }
      }
      return new SelfTracingOptions(this);
    }
  }
}
