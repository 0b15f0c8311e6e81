package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a client needs to reach the engine: token, addresses, tenant, namespace and TLS.
 *
 * <p>Immutable and thread-safe. Built by {@link #builder()}; each value not set explicitly is read
 * from the {@code HATCHET_CLIENT_*} environment variable the official SDKs read, then derived from
 * the token's claims, then defaulted, in that order:
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><td>{@code HATCHET_CLIENT_TOKEN}</td><td>API token (required)</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_HOST_PORT}</td><td>gRPC {@code host:port}; default: the token's
 *       {@code grpc_broadcast_address}, else {@code localhost:7070}</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_SERVER_URL} or {@code HATCHET_CLIENT_API_URL}</td><td>REST base URL;
 *       default: the token's {@code server_url}</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_TENANT_ID}</td><td>tenant; default: the token's {@code sub}</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_NAMESPACE}</td><td>prefix for workflow names and event keys</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_TLS_STRATEGY}</td><td>{@code tls} (default), {@code mtls} or {@code none}</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_TLS_CERT_FILE}, {@code _KEY_FILE}, {@code _ROOT_CA_FILE}, {@code _SERVER_NAME}</td>
 *       <td>PEM files and server name override</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_GRPC_MAX_RECV_MESSAGE_LENGTH}, {@code _SEND_MESSAGE_LENGTH}</td><td>default 4 MiB</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_RETRIER_MAX_ATTEMPTS} or {@code HATCHET_CLIENT_TENACITY_MAX_ATTEMPTS},
 *       {@code HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL} (seconds), {@code _MAX_JITTER} (ms)</td>
 *       <td>retries of calls the engine did not answer; see {@link RetryPolicy}</td></tr>
 * </table>
 */
public final class HatchetConfig {

  /** The gRPC address used when neither the environment nor the token names one. */
  public static final String DEFAULT_HOST_PORT = "localhost:7070";

  /** The message size cap the official SDKs use in both directions. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

  private final String token;
  private final String tenantId;
  private final String hostPort;
  private final String serverUrl;
  private final String namespace;
  private final TlsStrategy tlsStrategy;
  private final Path tlsCertFile;
  private final Path tlsKeyFile;
  private final Path tlsRootCaFile;
  private final String tlsServerName;
  private final int maxReceiveMessageSize;
  private final int maxSendMessageSize;
  private final RetryPolicy retryPolicy;

  private HatchetConfig(Builder builder, Function<String, String> env) {
    String tokenValue = firstNonBlank(builder.token, env.apply("HATCHET_CLIENT_TOKEN"));
    if (tokenValue == null) {
      throw new ConfigurationException(
          "no Hatchet token: set HATCHET_CLIENT_TOKEN or call HatchetConfig.Builder.setToken");
    }
    this.token = tokenValue.trim();
    TokenClaims claims = TokenClaims.parse(token);
    this.tenantId = firstNonBlank(builder.tenantId, env.apply("HATCHET_CLIENT_TENANT_ID"), claims.tenantId());
    this.hostPort =
        firstNonBlank(builder.hostPort, env.apply("HATCHET_CLIENT_HOST_PORT"), claims.grpcBroadcastAddress(), DEFAULT_HOST_PORT);
    requireHostPort(hostPort);
    this.serverUrl =
        firstNonBlank(
            builder.serverUrl,
            env.apply("HATCHET_CLIENT_SERVER_URL"),
            env.apply("HATCHET_CLIENT_API_URL"),
            claims.serverUrl());
    String namespaceValue = firstNonBlank(builder.namespace, env.apply("HATCHET_CLIENT_NAMESPACE"));
    this.namespace = namespaceValue == null ? "" : normalizeNamespace(namespaceValue);
    String strategy = env.apply("HATCHET_CLIENT_TLS_STRATEGY");
    try {
      this.tlsStrategy =
          builder.tlsStrategy != null
              ? builder.tlsStrategy
              : (strategy == null || strategy.isBlank() ? TlsStrategy.TLS : TlsStrategy.parse(strategy));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("HATCHET_CLIENT_TLS_STRATEGY: " + e.getMessage(), e);
    }
    this.tlsCertFile = path(builder.tlsCertFile, env.apply("HATCHET_CLIENT_TLS_CERT_FILE"));
    this.tlsKeyFile = path(builder.tlsKeyFile, env.apply("HATCHET_CLIENT_TLS_KEY_FILE"));
    this.tlsRootCaFile = path(builder.tlsRootCaFile, env.apply("HATCHET_CLIENT_TLS_ROOT_CA_FILE"));
    this.tlsServerName = firstNonBlank(builder.tlsServerName, env.apply("HATCHET_CLIENT_TLS_SERVER_NAME"));
    if (tlsStrategy == TlsStrategy.MTLS && (tlsCertFile == null || tlsKeyFile == null)) {
      throw new ConfigurationException(
          "TLS strategy mtls needs HATCHET_CLIENT_TLS_CERT_FILE and HATCHET_CLIENT_TLS_KEY_FILE");
    }
    this.maxReceiveMessageSize =
        size(builder.maxReceiveMessageSize, env.apply("HATCHET_CLIENT_GRPC_MAX_RECV_MESSAGE_LENGTH"), "HATCHET_CLIENT_GRPC_MAX_RECV_MESSAGE_LENGTH");
    this.maxSendMessageSize =
        size(builder.maxSendMessageSize, env.apply("HATCHET_CLIENT_GRPC_MAX_SEND_MESSAGE_LENGTH"), "HATCHET_CLIENT_GRPC_MAX_SEND_MESSAGE_LENGTH");
    this.retryPolicy =
        builder.retryPolicy != null ? builder.retryPolicy : RetryPolicy.fromEnvironment(env, RetryPolicy.defaults());
  }

  /** A builder whose unset values come from the process environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configuration the environment describes, as {@code builder().build()}. */
  public static HatchetConfig fromEnvironment() {
    return builder().build();
  }

  /** A builder holding this configuration's values, to derive a variant. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.environment = Map.of();
    builder.token = token;
    builder.tenantId = tenantId;
    builder.hostPort = hostPort;
    builder.serverUrl = serverUrl;
    builder.namespace = namespace;
    builder.tlsStrategy = tlsStrategy;
    builder.tlsCertFile = tlsCertFile;
    builder.tlsKeyFile = tlsKeyFile;
    builder.tlsRootCaFile = tlsRootCaFile;
    builder.tlsServerName = tlsServerName;
    builder.maxReceiveMessageSize = maxReceiveMessageSize;
    builder.maxSendMessageSize = maxSendMessageSize;
    builder.retryPolicy = retryPolicy;
    return builder;
  }

  /** The API token, sent as {@code authorization: bearer <token>} on every call. */
  public String token() {
    return token;
  }

  /** The tenant every call acts on. */
  public String tenantId() {
    return tenantId;
  }

  /** The engine's gRPC {@code host:port}. */
  public String hostPort() {
    return hostPort;
  }

  /** The engine's REST base URL, if known. */
  public Optional<String> serverUrl() {
    return Optional.ofNullable(serverUrl);
  }

  /** The namespace prefix (lower case, ending in {@code _}), or the empty string. */
  public String namespace() {
    return namespace;
  }

  public TlsStrategy tlsStrategy() {
    return tlsStrategy;
  }

  public Optional<Path> tlsCertFile() {
    return Optional.ofNullable(tlsCertFile);
  }

  public Optional<Path> tlsKeyFile() {
    return Optional.ofNullable(tlsKeyFile);
  }

  public Optional<Path> tlsRootCaFile() {
    return Optional.ofNullable(tlsRootCaFile);
  }

  /** The name to verify the server certificate against, if not the host of {@link #hostPort()}. */
  public Optional<String> tlsServerName() {
    return Optional.ofNullable(tlsServerName);
  }

  public int maxReceiveMessageSize() {
    return maxReceiveMessageSize;
  }

  public int maxSendMessageSize() {
    return maxSendMessageSize;
  }

  /** How calls the engine did not answer are retried. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Prefixes a workflow name or event key with the namespace, unless it already carries it.
   *
   * <p>The official SDKs apply the namespace the same way, so workers and clients in any language
   * that share a namespace see the same names.
   */
  public String applyNamespace(String name) {
    if (namespace.isEmpty() || name.startsWith(namespace)) {
      return name;
    }
    return namespace + name;
  }

  @Override
  public String toString() {
    // Never print the token.
    return "HatchetConfig{tenantId="
        + tenantId
        + ", hostPort="
        + hostPort
        + ", serverUrl="
        + serverUrl
        + ", namespace="
        + namespace
        + ", tlsStrategy="
        + tlsStrategy
        + "}";
  }

  static String normalizeNamespace(String namespace) {
    String trimmed = namespace.trim().toLowerCase(Locale.ROOT);
    if (trimmed.isEmpty() || trimmed.endsWith("_")) {
      return trimmed;
    }
    return trimmed + "_";
  }

  private static void requireHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    boolean valid = colon > 0 && colon < hostPort.length() - 1;
    if (valid) {
      try {
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        valid = port > 0 && port < 65536;
      } catch (NumberFormatException e) {
        valid = false;
      }
    }
    if (!valid) {
      throw new ConfigurationException("gRPC address must be host:port; got '" + hostPort + "'");
    }
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static Path path(Path explicit, String env) {
    if (explicit != null) {
      return explicit;
    }
    return env == null || env.isBlank() ? null : Path.of(env.trim());
  }

  private static int size(Integer explicit, String env, String name) {
    if (explicit != null) {
      return explicit;
    }
    if (env == null || env.isBlank()) {
      return DEFAULT_MAX_MESSAGE_SIZE;
    }
    try {
      int value = Integer.parseInt(env.trim());
      if (value <= 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(name + " must be a positive number of bytes; got '" + env + "'");
    }
  }

  /**
   * Builds a {@link HatchetConfig}. Values set here win over the environment.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private Map<String, String> environment;
    private String token;
    private String tenantId;
    private String hostPort;
    private String serverUrl;
    private String namespace;
    private TlsStrategy tlsStrategy;
    private Path tlsCertFile;
    private Path tlsKeyFile;
    private Path tlsRootCaFile;
    private String tlsServerName;
    private Integer maxReceiveMessageSize;
    private Integer maxSendMessageSize;
    private RetryPolicy retryPolicy;

    private Builder() {}

    /**
     * Reads unset values from this map instead of the process environment; an empty map reads none.
     */
    public Builder setEnvironment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment"));
      return this;
    }

    public Builder setToken(String token) {
      this.token = requireNonNull(token, "token");
      return this;
    }

    public Builder setTenantId(String tenantId) {
      this.tenantId = requireNonNull(tenantId, "tenantId");
      return this;
    }

    /** The engine's gRPC address as {@code host:port}. */
    public Builder setHostPort(String hostPort) {
      this.hostPort = requireNonNull(hostPort, "hostPort");
      return this;
    }

    public Builder setServerUrl(String serverUrl) {
      this.serverUrl = requireNonNull(serverUrl, "serverUrl");
      return this;
    }

    public Builder setNamespace(String namespace) {
      this.namespace = requireNonNull(namespace, "namespace");
      return this;
    }

    public Builder setTlsStrategy(TlsStrategy tlsStrategy) {
      this.tlsStrategy = requireNonNull(tlsStrategy, "tlsStrategy");
      return this;
    }

    public Builder setTlsCertFile(Path file) {
      this.tlsCertFile = requireNonNull(file, "file");
      return this;
    }

    public Builder setTlsKeyFile(Path file) {
      this.tlsKeyFile = requireNonNull(file, "file");
      return this;
    }

    public Builder setTlsRootCaFile(Path file) {
      this.tlsRootCaFile = requireNonNull(file, "file");
      return this;
    }

    public Builder setTlsServerName(String serverName) {
      this.tlsServerName = requireNonNull(serverName, "serverName");
      return this;
    }

    public Builder setMaxReceiveMessageSize(int bytes) {
      this.maxReceiveMessageSize = positive(bytes, "maxReceiveMessageSize");
      return this;
    }

    public Builder setMaxSendMessageSize(int bytes) {
      this.maxSendMessageSize = positive(bytes, "maxSendMessageSize");
      return this;
    }

    /** How calls the engine did not answer are retried; {@link RetryPolicy#none()} for never. */
    public Builder setRetryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    private static int positive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }

    /**
     * Validates and builds.
     *
     * @throws ConfigurationException when the token is missing or malformed, or a value is invalid
     */
    public HatchetConfig build() {
      Map<String, String> env = environment;
      return new HatchetConfig(this, env == null ? System::getenv : env::get);
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof HatchetConfig)) {
      return false;
    }
    HatchetConfig that = (HatchetConfig) other;
    return token.equals(that.token)
        && tenantId.equals(that.tenantId)
        && hostPort.equals(that.hostPort)
        && Objects.equals(serverUrl, that.serverUrl)
        && namespace.equals(that.namespace)
        && tlsStrategy == that.tlsStrategy
        && Objects.equals(tlsCertFile, that.tlsCertFile)
        && Objects.equals(tlsKeyFile, that.tlsKeyFile)
        && Objects.equals(tlsRootCaFile, that.tlsRootCaFile)
        && Objects.equals(tlsServerName, that.tlsServerName)
        && maxReceiveMessageSize == that.maxReceiveMessageSize
        && maxSendMessageSize == that.maxSendMessageSize
        && retryPolicy.equals(that.retryPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, tenantId, hostPort, serverUrl, namespace, tlsStrategy);
  }
}
