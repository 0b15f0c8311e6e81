package io.hatchet4j.worker;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.internal.EngineRules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a worker presents itself to the engine and how much work it takes.
 *
 * <p>Immutable. Defaults: 100 slots, a 4 second heartbeat, a 30 second shutdown grace period.
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

  private WorkerOptions(Builder builder) {
    this.name = builder.name;
    this.slots = builder.slots;
    this.durableSlots = builder.durableSlots;
    this.labels = Map.copyOf(builder.labels);
    this.intLabels = Map.copyOf(builder.intLabels);
    this.heartbeatInterval = builder.heartbeatInterval;
    this.shutdownTimeout = builder.shutdownTimeout;
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
