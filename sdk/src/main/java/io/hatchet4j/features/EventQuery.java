package io.hatchet4j.features;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.RunStatus;
import io.hatchet4j.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Selects events to list (upstream's event list query). Immutable; every criterion given must hold.
 */
public final class EventQuery {
  /** Rows per page unless {@link Builder#setPageSize} says otherwise. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  private final List<String> keys;
  private final Instant since;
  private final Instant until;
  private final List<String> workflowNames;
  private final Set<RunStatus> runStatuses;
  private final List<String> eventIds;
  private final Map<String, String> additionalMetadata;
  private final List<String> scopes;
  private final int pageSize;

  private EventQuery(Builder builder) {
    this.keys = List.copyOf(builder.keys);
    this.since = builder.since;
    this.until = builder.until;
    this.workflowNames = List.copyOf(builder.workflowNames);
    this.runStatuses = builder.runStatuses.isEmpty() ? Set.of() : Set.copyOf(builder.runStatuses);
    this.eventIds = List.copyOf(builder.eventIds);
    this.additionalMetadata = Map.copyOf(builder.additionalMetadata);
    this.scopes = List.copyOf(builder.scopes);
    this.pageSize = builder.pageSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every event. */
  public static EventQuery all() {
    return builder().build();
  }

  /** Event keys, without the namespace. */
  public List<String> keys() {
    return keys;
  }

  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  /** Events that started runs of these workflows (names without the namespace). */
  public List<String> workflowNames() {
    return workflowNames;
  }

  /** Events that started runs now in these states. */
  public Set<RunStatus> runStatuses() {
    return runStatuses;
  }

  public List<String> eventIds() {
    return eventIds;
  }

  public Map<String, String> additionalMetadata() {
    return additionalMetadata;
  }

  public List<String> scopes() {
    return scopes;
  }

  public int pageSize() {
    return pageSize;
  }

  /** Builds an {@link EventQuery}. Not thread-safe. */
  public static final class Builder {
    private final List<String> keys = new ArrayList<>();
    private Instant since;
    private Instant until;
    private final List<String> workflowNames = new ArrayList<>();
    private final Set<RunStatus> runStatuses = EnumSet.noneOf(RunStatus.class);
    private final List<String> eventIds = new ArrayList<>();
    private final Map<String, String> additionalMetadata = new LinkedHashMap<>();
    private final List<String> scopes = new ArrayList<>();
    private int pageSize = DEFAULT_PAGE_SIZE;

    private Builder() {}

    public Builder addKey(String key) {
      keys.add(requireNonNull(key, "key"));
      return this;
    }

    public Builder setSince(Instant since) {
      this.since = requireNonNull(since, "since");
      return this;
    }

    public Builder setUntil(Instant until) {
      this.until = requireNonNull(until, "until");
      return this;
    }

    public Builder addWorkflow(Workflow<?, ?> workflow) {
      workflowNames.add(requireNonNull(workflow, "workflow").name());
      return this;
    }

    public Builder addRunStatus(RunStatus status) {
      runStatuses.add(requireNonNull(status, "status"));
      return this;
    }

    public Builder addEventId(String eventId) {
      eventIds.add(requireNonNull(eventId, "eventId"));
      return this;
    }

    public Builder putAdditionalMetadata(String key, String value) {
      additionalMetadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    public Builder addScope(String scope) {
      scopes.add(requireNonNull(scope, "scope"));
      return this;
    }

    /** Rows per page, 1 to 1,000. */
    public Builder setPageSize(int pageSize) {
      this.pageSize = PageSize.require(pageSize);
      return this;
    }

    public EventQuery build() {
      return new EventQuery(this);
    }
  }
}
