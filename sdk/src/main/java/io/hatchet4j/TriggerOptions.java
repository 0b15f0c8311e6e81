package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to start one workflow run: metadata to attach, its priority, the worker labels it wants,
 * and for child runs a key.
 *
 * <p>Immutable. {@link #defaults()} when nothing is needed.
 *
 * <pre>{@code
 * TriggerOptions options =
 *     TriggerOptions.builder().putAdditionalMetadata("customer", "c-42").setPriority(Priority.HIGH).build();
 * }</pre>
 */
public final class TriggerOptions {
  private static final TriggerOptions DEFAULTS = builder().build();

  private final Map<String, String> additionalMetadata;
  private final Priority priority;
  private final String key;
  private final Map<String, DesiredWorkerLabel> desiredWorkerLabels;
  private final boolean sticky;

  private TriggerOptions(Builder builder) {
    this.additionalMetadata = Map.copyOf(builder.additionalMetadata);
    this.priority = builder.priority;
    this.key = builder.key;
    this.desiredWorkerLabels = Map.copyOf(builder.desiredWorkerLabels);
    this.sticky = builder.sticky;
  }

  /** No metadata, the workflow's default priority, no key. */
  public static TriggerOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.additionalMetadata.putAll(additionalMetadata);
    builder.priority = priority;
    builder.key = key;
    builder.desiredWorkerLabels.putAll(desiredWorkerLabels);
    builder.sticky = sticky;
    return builder;
  }

  /** Key-value pairs stored with the run, shown in the dashboard and given to its tasks. */
  public Map<String, String> additionalMetadata() {
    return additionalMetadata;
  }

  /** The run's priority; absent for the workflow's default. */
  public Optional<Priority> priority() {
    return Optional.ofNullable(priority);
  }

  /**
   * For a child run, the key that makes spawning idempotent: spawning twice with the same key from
   * the same parent task returns the first child, also when the client sends a spawn again after a
   * lost connection.
   *
   * <p>The engine does not deduplicate top-level runs by key (nor does upstream's). A top-level
   * trigger with a key is therefore sent again only when the first attempt provably never reached
   * the engine; see {@link RetryPolicy}.
   */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** Labels the run wants of the worker that runs it, by label key. */
  public Map<String, DesiredWorkerLabel> desiredWorkerLabels() {
    return desiredWorkerLabels;
  }

  /**
   * For a child run, whether it should run on the worker of the task that spawns it. The engine
   * honours it when the child workflow is {@linkplain io.hatchet4j.workflow.Workflow.Builder#setSticky
   * sticky}; a top-level run has no such worker and ignores it.
   */
  public boolean sticky() {
    return sticky;
  }

  @Override
  public String toString() {
    return "TriggerOptions{additionalMetadata=" + additionalMetadata + ", priority=" + priority + ", key=" + key
        + ", sticky=" + sticky + "}";
  }

  /** Builds {@link TriggerOptions}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> additionalMetadata = new LinkedHashMap<>();
    private Priority priority;
    private String key;
    private final Map<String, DesiredWorkerLabel> desiredWorkerLabels = new LinkedHashMap<>();
    private boolean sticky;

    private Builder() {}

    /** Runs a child on the worker of the task that spawns it (see {@link TriggerOptions#sticky()}). */
    public Builder setSticky(boolean sticky) {
      this.sticky = sticky;
      return this;
    }

    public Builder putAdditionalMetadata(String key, String value) {
      additionalMetadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    public Builder putAllAdditionalMetadata(Map<String, String> metadata) {
      metadata.forEach(this::putAdditionalMetadata);
      return this;
    }

    public Builder setPriority(Priority priority) {
      this.priority = requireNonNull(priority, "priority");
      return this;
    }

    public Builder setKey(String key) {
      this.key = requireNonNull(key, "key");
      return this;
    }

    /** Asks for a worker whose label {@code key} matches {@code label}. */
    public Builder putDesiredWorkerLabel(String key, DesiredWorkerLabel label) {
      desiredWorkerLabels.put(requireNonNull(key, "key"), requireNonNull(label, "label"));
      return this;
    }

    public TriggerOptions build() {
      return new TriggerOptions(this);
    }
  }
}
