package io.hatchet4j.worker;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.internal.EngineRules;
import io.hatchet4j.internal.VirtualThreads;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * How a worker presents itself to the engine and how much work it takes.
 *
 * <p>Immutable. Defaults: 100 slots, a 4 second heartbeat, a 30 second shutdown grace period;
 * handlers run on virtual threads on Java 21 and later, on a pool of platform threads (one per
 * slot) on Java 17; no health endpoint unless {@code HATCHET_CLIENT_WORKER_HEALTHCHECK_ENABLED} is
 * {@code true}.
 *
 * <table>
 *   <caption>Environment variables, as the official SDKs read them</caption>
 *   <tr><td>{@code HATCHET_CLIENT_WORKER_HEALTHCHECK_ENABLED}</td><td>{@code true} serves the
 *       health endpoint; default {@code false}</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_WORKER_HEALTHCHECK_PORT}</td><td>its port; default 8001</td></tr>
 *   <tr><td>{@code HATCHET_CLIENT_WORKER_HEALTHCHECK_BIND_ADDRESS}</td><td>its address; default
 *       {@code 0.0.0.0}</td></tr>
 * </table>
 */
public final class WorkerOptions {

  /** The slot count of a worker that declares none, as in the official SDKs. */
  public static final int DEFAULT_SLOTS = 100;

  /** How many durable task runs the worker holds at once, as in the official SDKs. */
  public static final int DEFAULT_DURABLE_SLOTS = 1000;

  /** How often the worker tells the engine it is alive; the engine expects 4 seconds. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(4);

  /** How long shutdown waits for running tasks before interrupting them. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final int slots;
  private final int durableSlots;
  private final Map<String, String> labels;
  private final Map<String, Integer> intLabels;
  private final Duration heartbeatInterval;
  private final Duration shutdownTimeout;
  private final Executor executor;
  private final ThreadFactory threadFactory;
  private final boolean virtualThreads;
  private final HealthcheckOptions healthcheck;

  private WorkerOptions(Builder builder) {
    this.name = builder.name;
    this.slots = builder.slots;
    this.durableSlots = builder.durableSlots;
    this.labels = Map.copyOf(builder.labels);
    this.intLabels = Map.copyOf(builder.intLabels);
    this.heartbeatInterval = builder.heartbeatInterval;
    this.shutdownTimeout = builder.shutdownTimeout;
    this.executor = builder.executor;
    this.threadFactory = builder.threadFactory;
    this.virtualThreads = builder.virtualThreads != null ? builder.virtualThreads : VirtualThreads.available();
    this.healthcheck =
        builder.healthcheck != null ? builder.healthcheck : HealthcheckOptions.fromEnvironment(builder.environment);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.name = name;
    builder.slots = slots;
    builder.durableSlots = durableSlots;
    builder.labels.putAll(labels);
    builder.intLabels.putAll(intLabels);
    builder.heartbeatInterval = heartbeatInterval;
    builder.shutdownTimeout = shutdownTimeout;
    builder.executor = executor;
    builder.threadFactory = threadFactory;
    builder.virtualThreads = virtualThreads;
    builder.healthcheck = healthcheck;
    return builder;
  }

  /** The name shown by the engine. */
  public String name() {
    return name;
  }

  /** How many task runs the worker runs at once; the engine never assigns more. */
  public int slots() {
    return slots;
  }

  /**
   * How many durable task runs the worker holds at once. Durable tasks spend most of their time
   * waiting, so they have slots of their own; default 1000.
   */
  public int durableSlots() {
    return durableSlots;
  }

  /** Text labels the engine matches against runs' desired worker labels. */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * Numeric labels, which desired labels can also compare by order ({@code GREATER_THAN} and the
   * like), such as {@code memory_gb}.
   */
  public Map<String, Integer> intLabels() {
    return intLabels;
  }

  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** The executor handlers run on, if the application gave one; the worker never shuts it down. */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /** The factory of the worker's handler threads, if the application gave one. */
  public Optional<ThreadFactory> threadFactory() {
    return Optional.ofNullable(threadFactory);
  }

  /**
   * Whether handlers run on virtual threads, one per task run, when neither an executor nor a
   * thread factory is given. Default: whether the JVM has them (Java 21 and later).
   */
  public boolean virtualThreads() {
    return virtualThreads;
  }

  /** The health and metrics endpoint, if the worker serves one. */
  public Optional<HealthcheckOptions> healthcheck() {
    return healthcheck == HealthcheckOptions.DISABLED ? Optional.empty() : Optional.of(healthcheck);
  }

  @Override
  public String toString() {
    return "WorkerOptions{name=" + name + ", slots=" + slots + ", labels=" + labels + ", intLabels=" + intLabels + "}";
  }

  /** Builds {@link WorkerOptions}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private int slots = DEFAULT_SLOTS;
    private int durableSlots = DEFAULT_DURABLE_SLOTS;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Integer> intLabels = new LinkedHashMap<>();
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Executor executor;
    private ThreadFactory threadFactory;
    private Boolean virtualThreads;
    private HealthcheckOptions healthcheck;
    private Map<String, String> environment = System.getenv();

    private Builder() {}

    /** The worker's name; required. */
    public Builder setName(String name) {
      requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("worker name must not be blank");
      }
      this.name = EngineRules.requireName(name, "worker name");
      return this;
    }

    /** How many task runs the worker runs at once; default 100. */
    public Builder setSlots(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("slots must be at least 1");
      }
      this.slots = slots;
      return this;
    }

    /** How many durable task runs the worker holds at once; default 1000. */
    public Builder setDurableSlots(int durableSlots) {
      if (durableSlots < 1) {
        throw new IllegalArgumentException("durable slots must be at least 1");
      }
      this.durableSlots = durableSlots;
      return this;
    }

    /** A text label; replaces a label with the same key. */
    public Builder putLabel(String key, String value) {
      labels.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      intLabels.remove(key);
      return this;
    }

    /** A numeric label; replaces a label with the same key. */
    public Builder putLabel(String key, int value) {
      intLabels.put(requireNonNull(key, "key"), value);
      labels.remove(key);
      return this;
    }

    public Builder setHeartbeatInterval(Duration interval) {
      this.heartbeatInterval = positive(interval, "heartbeat interval");
      return this;
    }

    public Builder setShutdownTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("shutdown timeout must not be negative");
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * Runs handlers on {@code executor}, which the application owns: the worker submits one task per
     * assigned run (the engine never assigns more than the slots) and never shuts it down.
     */
    public Builder setExecutor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /** Runs handlers on a pool of one thread per slot, made by {@code threadFactory}. */
    public Builder setThreadFactory(ThreadFactory threadFactory) {
      this.threadFactory = requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Whether handlers run on virtual threads (one per task run) rather than a pool of platform
     * threads; default: on where the JVM has them (Java 21 and later). An executor or thread
     * factory, when set, wins.
     *
     * @throws IllegalArgumentException for {@code true} on a JVM without virtual threads
     */
    public Builder setVirtualThreads(boolean virtualThreads) {
      if (virtualThreads && !VirtualThreads.available()) {
        throw new IllegalArgumentException(
            "virtual threads need Java 21 or later; this is Java " + System.getProperty("java.version"));
      }
      this.virtualThreads = virtualThreads;
      return this;
    }

    /**
     * Serves {@code /health}, {@code /readyz}, {@code /livez} and {@code /metrics} as {@code
     * healthcheck} says, instead of what the {@code HATCHET_CLIENT_WORKER_HEALTHCHECK_*} variables
     * say.
     */
    public Builder setHealthcheck(HealthcheckOptions healthcheck) {
      this.healthcheck = requireNonNull(healthcheck, "healthcheck");
      return this;
    }

    /** Serves no health endpoint, whatever the environment says. */
    public Builder disableHealthcheck() {
      this.healthcheck = HealthcheckOptions.DISABLED;
      return this;
    }

    /** Reads the {@code HATCHET_CLIENT_WORKER_*} variables from this map instead of the process environment. */
    public Builder setEnvironment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment"));
      return this;
    }

    private static Duration positive(Duration duration, String what) {
      requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return duration;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalStateException if no name was set
     */
    public WorkerOptions build() {
      if (name == null) {
        throw new IllegalStateException("a worker needs a name");
      }
      return new WorkerOptions(this);
    }
  }
}
