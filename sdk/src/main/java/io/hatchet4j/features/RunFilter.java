package io.hatchet4j.features;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.RunStatus;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Selects runs to list ({@link Runs#list(RunFilter)}), cancel or replay in bulk, or count ({@link
 * Metrics#taskMetrics(RunFilter)}), as the engine's run list query and {@code V1TaskFilter} do.
 *
 * <p>Immutable. Every criterion given must hold. Without {@link Builder#setSince since}, runs of the
 * last {@link #DEFAULT_WINDOW} count, as in the Python SDK. Workflows named by name are looked up
 * (namespace applied) when the filter is used. The worker, parent task, triggering event and
 * one-row-per-task criteria are for listings only: bulk cancel and replay refuse them, as the
 * engine's bulk filter has no such fields.
 */
public final class RunFilter {
  /** The window a filter without {@code since} covers, ending now. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(1);
  /** Rows per page a listing fetches unless {@link Builder#setPageSize} says otherwise. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  private final Instant since;
  private final Instant until;
  private final Set<RunStatus> statuses;
  private final List<String> workflowNames;
  private final List<String> workflowIds;
  private final Map<String, String> additionalMetadata;
  private final String workerId;
  private final String parentTaskRunId;
  private final String triggeringEventId;
  private final boolean onlyTasks;
  private final int pageSize;

  private RunFilter(Builder builder) {
    this.since = builder.since;
    this.until = builder.until;
    this.statuses = builder.statuses.isEmpty() ? Set.of() : Set.copyOf(builder.statuses);
    this.workflowNames = List.copyOf(builder.workflowNames);
    this.workflowIds = List.copyOf(builder.workflowIds);
    this.additionalMetadata = Map.copyOf(builder.additionalMetadata);
    this.workerId = builder.workerId;
    this.parentTaskRunId = builder.parentTaskRunId;
    this.triggeringEventId = builder.triggeringEventId;
    this.onlyTasks = builder.onlyTasks;
    this.pageSize = builder.pageSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs of the last {@link #DEFAULT_WINDOW}, any status. */
  public static RunFilter recent() {
    return builder().build();
  }

  /** The earliest creation time; empty for "{@link #DEFAULT_WINDOW} before the call". */
  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  public Set<RunStatus> statuses() {
    return statuses;
  }

  /** Workflows by name, without the namespace. */
  public List<String> workflowNames() {
    return workflowNames;
  }

  /** Workflows by the engine's id. */
  public List<String> workflowIds() {
    return workflowIds;
  }

  public Map<String, String> additionalMetadata() {
    return additionalMetadata;
  }

  public Optional<String> workerId() {
    return Optional.ofNullable(workerId);
  }

  /** The task that spawned the runs, for children. */
  public Optional<String> parentTaskRunId() {
    return Optional.ofNullable(parentTaskRunId);
  }

  /** The event that started the runs. */
  public Optional<String> triggeringEventId() {
    return Optional.ofNullable(triggeringEventId);
  }

  /** Whether a listing has one row per task rather than one per run. */
  public boolean onlyTasks() {
    return onlyTasks;
  }

  public int pageSize() {
    return pageSize;
  }

  /** Whether it uses a criterion bulk cancel and replay cannot pass to the engine. */
  public boolean hasListingOnlyCriteria() {
    return workerId != null || parentTaskRunId != null || triggeringEventId != null || onlyTasks;
  }

  /** Builds a {@link RunFilter}. Not thread-safe. */
  public static final class Builder {
    private Instant since;
    private Instant until;
    private final Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
    private final List<String> workflowNames = new ArrayList<>();
    private final List<String> workflowIds = new ArrayList<>();
    private final Map<String, String> additionalMetadata = new LinkedHashMap<>();
    private String workerId;
    private String parentTaskRunId;
    private String triggeringEventId;
    private boolean onlyTasks;
    private int pageSize = DEFAULT_PAGE_SIZE;

    private Builder() {}

    /** Runs created at or after {@code since}. */
    public Builder setSince(Instant since) {
      this.since = requireNonNull(since, "since");
      return this;
    }

    /** Runs created at or before {@code until}. */
    public Builder setUntil(Instant until) {
      this.until = requireNonNull(until, "until");
      return this;
    }

    public Builder addStatus(RunStatus status) {
      statuses.add(requireNonNull(status, "status"));
      return this;
    }

    public Builder addWorkflow(Workflow<?, ?> workflow) {
      workflowNames.add(requireNonNull(workflow, "workflow").name());
      return this;
    }

    /** A workflow by name, without the namespace. */
    public Builder addWorkflowName(String name) {
      workflowNames.add(requireNonNull(name, "name"));
      return this;
    }

    /** A workflow by the engine's id, as {@link Workflows#list()} reports it. */
    public Builder addWorkflowId(String workflowId) {
      workflowIds.add(requireNonNull(workflowId, "workflowId"));
      return this;
    }

    public Builder putAdditionalMetadata(String key, String value) {
      additionalMetadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    /** Runs with a task on this worker. Listings only. */
    public Builder setWorkerId(String workerId) {
      this.workerId = workerId;
      return this;
    }

    /** Child runs of this task. Listings only. */
    public Builder setParentTaskRunId(String parentTaskRunId) {
      this.parentTaskRunId = parentTaskRunId;
      return this;
    }

    /** Runs this event started. Listings only. */
    public Builder setTriggeringEventId(String triggeringEventId) {
      this.triggeringEventId = triggeringEventId;
      return this;
    }

    /** One row per task instead of one per run. Listings only. */
    public Builder setOnlyTasks(boolean onlyTasks) {
      this.onlyTasks = onlyTasks;
      return this;
    }

    /** Rows per page a listing fetches, 1 to 1,000; default {@link #DEFAULT_PAGE_SIZE}. */
    public Builder setPageSize(int pageSize) {
      this.pageSize = PageSize.require(pageSize);
      return this;
    }

    public RunFilter build() {
      if (since != null && until != null && until.isBefore(since)) {
        throw new IllegalArgumentException("until (" + until + ") is before since (" + since + ")");
      }
      return new RunFilter(this);
    }
  }
}
