package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to push an event: metadata for the event and the runs it starts, their priority, and the
 * filter scope.
 *
 * <p>Immutable. {@link #defaults()} when nothing is needed.
 */
public final class PushOptions {
  private static final PushOptions DEFAULTS = builder().build();

  private final Map<String, String> additionalMetadata;
  private final Priority priority;
  private final String scope;

  private PushOptions(Builder builder) {
    this.additionalMetadata = Map.copyOf(builder.additionalMetadata);
    this.priority = builder.priority;
    this.scope = builder.scope;
  }

  public static PushOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, String> additionalMetadata() {
    return additionalMetadata;
  }

  public Optional<Priority> priority() {
    return Optional.ofNullable(priority);
  }

  /** The scope that selects which of a workflow's event filters apply. */
  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /** Builds {@link PushOptions}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> additionalMetadata = new LinkedHashMap<>();
    private Priority priority;
    private String scope;

    private Builder() {}

    public Builder putAdditionalMetadata(String key, String value) {
      additionalMetadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    public Builder setPriority(Priority priority) {
      this.priority = requireNonNull(priority, "priority");
      return this;
    }

    public Builder setScope(String scope) {
      this.scope = requireNonNull(scope, "scope");
      return this;
    }

    public PushOptions build() {
      return new PushOptions(this);
    }
  }
}
