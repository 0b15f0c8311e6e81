package io.hatchet4j.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;

/**
 * Settings of a {@link HatchetEngine}: addresses, storage and the engine's timing defaults.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}; every setter checks its input at
 * once, so a built instance is always valid.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build();
 * }</pre>
 */
public final class EngineOptions {

  /** Address both servers bind to unless told otherwise: loopback only, a dev engine is private. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** gRPC port the official SDKs expect by default. */
  public static final int DEFAULT_GRPC_PORT = 7070;
  /** HTTP port, the one hatchet-lite serves its API and dashboard on. */
  public static final int DEFAULT_HTTP_PORT = 8888;
  /** How long a worker may stay without a heartbeat and without an open listen stream before its runs move. */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
  /** Execution timeout of a task whose definition names none (upstream's default). */
  public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofSeconds(60);
  /** How long a task may wait for a worker when its definition names no schedule timeout (upstream's default). */
  public static final Duration DEFAULT_SCHEDULE_TIMEOUT = Duration.ofMinutes(5);
  /** How long finished runs, events and traces are kept by default: upstream's 720h. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  /** Largest gRPC message accepted, as the official SDKs send at most this much. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
  /** How long an API token is valid unless its issuer says otherwise (upstream's default). */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(90);
  /** Spans kept from one OTLP export, upstream's default; the rest are rejected as partial success. */
  public static final int DEFAULT_MAX_SPANS_PER_EXPORT = 1000;
  /** Spans kept per tenant; past it the oldest traces are dropped whole. About 1 KB of memory each. */
  public static final int DEFAULT_MAX_STORED_SPANS_PER_TENANT = 200_000;

  private static final EngineOptions DEFAULT = new Builder().build();

  private final String host;
  private final int grpcPort;
  private final int httpPort;
  @Nullable private final Path dbFile;
  private final Duration heartbeatTimeout;
  private final Duration defaultExecutionTimeout;
  private final Duration defaultScheduleTimeout;
  private final int maxMessageSize;
  private final int maxSpansPerExport;
  private final int maxStoredSpansPerTenant;
  @Nullable private final String forwardOtlpEndpoint;
  @Nullable private final SelfTracingOptions selfTracing;
  private final EngineClock clock;
  private final Duration tokenLifetime;
  private final Duration retention;

  private EngineOptions(Builder builder) {
    this.host = builder.host;
    this.grpcPort = builder.grpcPort;
    this.httpPort = builder.httpPort;
    this.dbFile = builder.dbFile;
    this.heartbeatTimeout = builder.heartbeatTimeout;
    this.defaultExecutionTimeout = builder.defaultExecutionTimeout;
    this.defaultScheduleTimeout = builder.defaultScheduleTimeout;
    this.maxMessageSize = builder.maxMessageSize;
    this.maxSpansPerExport = builder.maxSpansPerExport;
    this.maxStoredSpansPerTenant = builder.maxStoredSpansPerTenant;
    this.retention = builder.retention;
    this.forwardOtlpEndpoint = builder.forwardOtlpEndpoint;
    this.selfTracing = builder.selfTracing;
    this.clock = builder.clock;
    this.tokenLifetime = builder.tokenLifetime;
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the options with every default: ports 7070 and 8888 on loopback, in memory. */
  public static EngineOptions getDefaultInstance() {
    return DEFAULT;
  }

  /** Returns a builder holding these options, to make a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Address both servers bind to. */
  public String host() {
    return host;
  }

  /** gRPC port; 0 means a free port picked at start. */
  public int grpcPort() {
    return grpcPort;
  }

  /** HTTP port; 0 means a free port picked at start. */
  public int httpPort() {
    return httpPort;
  }

  /** The file the engine keeps its state in; empty when the engine keeps everything in memory. */
  public Optional<Path> dbFile() {
    return Optional.ofNullable(dbFile);
  }

  /** How long a silent worker without a listen stream is kept before its runs go to another worker. */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /** Execution timeout of tasks that name none. */
  public Duration defaultExecutionTimeout() {
    return defaultExecutionTimeout;
  }

  /** Schedule timeout of tasks that name none. */
  public Duration defaultScheduleTimeout() {
    return defaultScheduleTimeout;
  }

  /**
   * The payload limit in bytes: the largest inbound gRPC message, the largest HTTP request body, and
   * (less 64 KiB for what surrounds it) the largest input plus additional metadata of a run,
   * schedule, cron or event, on every path.
   */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * How long API tokens are valid unless their issuer names a lifetime; 90 days by default.
   *
   * @since 0.1.0
   */
  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  /** Spans the trace collector keeps from one export; 0 means no limit. */
  public int maxSpansPerExport() {
    return maxSpansPerExport;
  }

  /** Spans kept per tenant before the oldest traces are dropped. */
  public int maxStoredSpansPerTenant() {
    return maxStoredSpansPerTenant;
  }

  /** The OTLP/gRPC endpoint ({@code host:port}) that gets a copy of every span export, if any. */
  public Optional<String> forwardOtlpEndpoint() {
    return Optional.ofNullable(forwardOtlpEndpoint);
  }

  /**
   * Where the engine exports spans of its own work, if anywhere; empty (off) by default.
   *
   * @since 0.1.0
   */
  public Optional<SelfTracingOptions> selfTracing() {
    return Optional.ofNullable(selfTracing);
  }

  /**
   * The engine's time: {@link EngineClock#system()} unless set, or a {@link VirtualClock} that a
   * test moves by hand.
   *
   * @since 0.1.0
   */
  public EngineClock clock() {
    return clock;
  }

  /** How long finished runs, events and traces are kept after they were created. */
  public Duration retention() {
    return retention;
  }

  @Override
  public String toString() {
    return "EngineOptions{host=" + host + ", grpcPort=" + grpcPort + ", httpPort=" + httpPort
        + ", dbFile=" + dbFile + ", heartbeatTimeout=" + heartbeatTimeout
        + ", defaultExecutionTimeout=" + defaultExecutionTimeout
        + ", defaultScheduleTimeout=" + defaultScheduleTimeout
        + ", maxMessageSize=" + maxMessageSize
        + ", maxSpansPerExport=" + maxSpansPerExport
        + ", maxStoredSpansPerTenant=" + maxStoredSpansPerTenant
        + ", forwardOtlpEndpoint=" + forwardOtlpEndpoint + ", selfTracing=" + selfTracing
        + ", clock=" + clock + ", tokenLifetime=" + tokenLifetime + ", retention=" + retention + '}';
  }

  /**
   * Builder of {@link EngineOptions}. Not thread-safe; each setter validates its argument and
   * returns {@code this}.
   */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int grpcPort = DEFAULT_GRPC_PORT;
    private int httpPort = DEFAULT_HTTP_PORT;
    @Nullable private Path dbFile;
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    private Duration defaultExecutionTimeout = DEFAULT_EXECUTION_TIMEOUT;
    private Duration defaultScheduleTimeout = DEFAULT_SCHEDULE_TIMEOUT;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int maxSpansPerExport = DEFAULT_MAX_SPANS_PER_EXPORT;
    private int maxStoredSpansPerTenant = DEFAULT_MAX_STORED_SPANS_PER_TENANT;
    @Nullable private String forwardOtlpEndpoint;
    @Nullable private SelfTracingOptions selfTracing;
    private EngineClock clock = EngineClock.system();
    private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private Duration retention = DEFAULT_RETENTION;

    private Builder() {}

    private Builder(EngineOptions options) {
      this.host = options.host;
      this.grpcPort = options.grpcPort;
      this.httpPort = options.httpPort;
      this.dbFile = options.dbFile;
      this.heartbeatTimeout = options.heartbeatTimeout;
      this.defaultExecutionTimeout = options.defaultExecutionTimeout;
      this.defaultScheduleTimeout = options.defaultScheduleTimeout;
      this.maxMessageSize = options.maxMessageSize;
      this.maxSpansPerExport = options.maxSpansPerExport;
      this.maxStoredSpansPerTenant = options.maxStoredSpansPerTenant;
      this.retention = options.retention;
      this.forwardOtlpEndpoint = options.forwardOtlpEndpoint;
      this.selfTracing = options.selfTracing;
      this.clock = options.clock;
      this.tokenLifetime = options.tokenLifetime;
    }

    /** Sets the address both servers bind to, such as {@code 127.0.0.1} or {@code 0.0.0.0}. */
    public Builder setHost(String host) {
      requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host.strip();
      return this;
    }

    /** Sets the gRPC port, 0 for a free one. */
    public Builder setGrpcPort(int grpcPort) {
      this.grpcPort = checkPort(grpcPort, "grpcPort");
      return this;
    }

    /** Sets the HTTP port, 0 for a free one. */
    public Builder setHttpPort(int httpPort) {
      this.httpPort = checkPort(httpPort, "httpPort");
      return this;
    }

    /** Keeps the engine's state in this file (created if absent) so it survives a restart. */
    public Builder setDbFile(Path dbFile) {
      this.dbFile = requireNonNull(dbFile, "dbFile");
      return this;
    }

    /** Keeps the engine's state in memory only, the default. */
    public Builder setInMemory() {
      this.dbFile = null;
      return this;
    }

    /** Sets how long a worker may go without heartbeat and listen stream before it counts as dead. */
    public Builder setHeartbeatTimeout(Duration heartbeatTimeout) {
      this.heartbeatTimeout = checkPositive(heartbeatTimeout, "heartbeatTimeout");
      return this;
    }

    /** Same as {@link #setHeartbeatTimeout(Duration)}. */
    public Builder setHeartbeatTimeout(long amount, TimeUnit unit) {
      return setHeartbeatTimeout(toDuration(amount, unit, "heartbeatTimeout"));
    }

    /** Sets the execution timeout of tasks whose definition names none. */
    public Builder setDefaultExecutionTimeout(Duration defaultExecutionTimeout) {
      this.defaultExecutionTimeout = checkPositive(defaultExecutionTimeout, "defaultExecutionTimeout");
      return this;
    }

    /** Same as {@link #setDefaultExecutionTimeout(Duration)}. */
    public Builder setDefaultExecutionTimeout(long amount, TimeUnit unit) {
      return setDefaultExecutionTimeout(toDuration(amount, unit, "defaultExecutionTimeout"));
    }

    /** Sets how long a task may wait for a worker when its definition names no schedule timeout. */
    public Builder setDefaultScheduleTimeout(Duration defaultScheduleTimeout) {
      this.defaultScheduleTimeout = checkPositive(defaultScheduleTimeout, "defaultScheduleTimeout");
      return this;
    }

    /** Same as {@link #setDefaultScheduleTimeout(Duration)}. */
    public Builder setDefaultScheduleTimeout(long amount, TimeUnit unit) {
      return setDefaultScheduleTimeout(toDuration(amount, unit, "defaultScheduleTimeout"));
    }

    /**
     * Sets the payload limit in bytes (at least 64 KiB, default 4 MiB): the largest gRPC message and
     * HTTP request body, and the largest input a run, schedule, cron or event may carry. Workers
     * must accept messages this large; the official SDKs accept 4 MiB by default.
     */
    public Builder setMaxMessageSize(int maxMessageSize) {
      if (maxMessageSize < 64 * 1024) {
        throw new IllegalArgumentException("maxMessageSize must be at least 65536 bytes, got " + maxMessageSize);
      }
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    /**
     * Sets how many spans the trace collector keeps from one export (default 1000, as upstream);
     * the rest are rejected with a partial success. 0 means no limit.
     */
    public Builder setMaxSpansPerExport(int maxSpansPerExport) {
      if (maxSpansPerExport < 0) {
        throw new IllegalArgumentException("maxSpansPerExport must not be negative, got " + maxSpansPerExport);
      }
      this.maxSpansPerExport = maxSpansPerExport;
      return this;
    }

    /** Sets how many spans each tenant keeps (default 200,000); past it the oldest traces go. */
    public Builder setMaxStoredSpansPerTenant(int maxStoredSpansPerTenant) {
      if (maxStoredSpansPerTenant < 1) {
        throw new IllegalArgumentException("maxStoredSpansPerTenant must be positive, got " + maxStoredSpansPerTenant);
      }
      this.maxStoredSpansPerTenant = maxStoredSpansPerTenant;
      return this;
    }

    /**
     * Also sends every span export the engine receives to this OTLP/gRPC endpoint, {@code
     * host:port} in plaintext (an OpenTelemetry Collector, Jaeger...). Sending is asynchronous and
     * drops spans rather than slow the engine down.
     */
    public Builder setForwardOtlpEndpoint(String hostPort) {
      requireNonNull(hostPort, "hostPort");
      String value = hostPort.strip();
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new IllegalArgumentException("forwardOtlpEndpoint must be host:port, got '" + hostPort + "'");
      }
      try {
        checkPort(Integer.parseInt(value.substring(colon + 1)), "forwardOtlpEndpoint port");
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("forwardOtlpEndpoint must be host:port, got '" + hostPort + "'");
      }
      this.forwardOtlpEndpoint = value;
      return this;
    }

    /**
     * Exports spans of the engine's own work (gRPC calls and REST requests it serves, scheduling
     * passes) over OTLP as these options say, through a tracer provider of its own that never
     * writes into the tenants' traces; null turns it off, the default.
     *
     * @since 0.1.0
     */
    public Builder setSelfTracing(@Nullable SelfTracingOptions selfTracing) {
      this.selfTracing = selfTracing;
      return this;
    }

    /**
     * Sets the engine's time: the clock it stamps runs, tasks and events with and the timers behind
     * schedules, crons, retries, timeouts, durable sleeps and worker liveness. The default is {@link
     * EngineClock#system()}; tests pass a {@link VirtualClock} to move time by hand. A virtual clock
     * is shared, not copied: options built with it drive the same time.
     *
     * @since 0.1.0
     */
    public Builder setClock(EngineClock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long API tokens are valid unless their issuer names a lifetime (default 90 days, as
     * upstream). The printed default token is reissued at start once less than half of it is left.
     *
     * @since 0.1.0
     */
    public Builder setTokenLifetime(Duration tokenLifetime) {
      this.tokenLifetime = checkPositive(tokenLifetime, "tokenLifetime");
      return this;
    }

    /**
     * Sets how long finished runs are kept, counted from their creation (default 30 days, upstream's
     * default data retention). Past it they are deleted with their tasks, log lines, durable event
     * logs, the events that started them and their traces, and the database file gives the space
     * back. Unfinished runs are kept whatever their age.
     */
    public Builder setRetention(Duration retention) {
      this.retention = checkPositive(retention, "retention");
      return this;
    }

    /** Same as {@link #setRetention(Duration)}. */
    public Builder setRetention(long amount, TimeUnit unit) {
      return setRetention(toDuration(amount, unit, "retention"));
    }

    /** Returns the options. */
    public EngineOptions build() {
      return new EngineOptions(this);
    }

    private static int checkPort(int port, String name) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + port);
      }
      return port;
    }

    private static Duration checkPositive(Duration duration, String name) {
      requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + duration);
      }
      return duration;
    }

    private static Duration toDuration(long amount, TimeUnit unit, String name) {
      requireNonNull(unit, "unit");
      return checkPositive(Duration.of(amount, unit.toChronoUnit()), name);
    }
  }
}
