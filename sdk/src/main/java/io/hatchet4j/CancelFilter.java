package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.features.RunFilter;
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
 * Selects runs to cancel by time, status, workflow and metadata, as the engine's bulk cancel does.
 *
 * <p>Immutable. Every criterion given must match.
 */
public final class CancelFilter {
  private final Instant since;
  private final Instant until;
  private final Set<RunStatus> statuses;
  private final List<String> workflowNames;
  private final Map<String, String> additionalMetadata;

  private CancelFilter(Builder builder) {
    this.since = builder.since;
    this.until = builder.until;
    this.statuses = builder.statuses.isEmpty() ? Set.of() : Set.copyOf(builder.statuses);
    this.workflowNames = List.copyOf(builder.workflowNames);
    this.additionalMetadata = Map.copyOf(builder.additionalMetadata);
  }

  /** A filter of runs created since {@code since}. */
  public static Builder since(Instant since) {
    return new Builder(since);
  }

  public Instant since() {
    return since;
  }

  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  public Set<RunStatus> statuses() {
    return statuses;
  }

  /** Workflow names, without the namespace. */
  public List<String> workflowNames() {
    return workflowNames;
  }

  public Map<String, String> additionalMetadata() {
    return additionalMetadata;
  }

  /** The same selection as a {@link RunFilter}, which bulk cancel and replay take. */
  public RunFilter toRunFilter() {
    RunFilter.Builder filter = RunFilter.builder().setSince(since);
    if (until != null) {
      filter.setUntil(until);
    }
    statuses.forEach(filter::addStatus);
    workflowNames.forEach(filter::addWorkflowName);
    additionalMetadata.forEach(filter::putAdditionalMetadata);
    return filter.build();
  }

  /** Builds a {@link CancelFilter}. Not thread-safe. */
  public static final class Builder {
    private final Instant since;
    private Instant until;
    private final Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
    private final List<String> workflowNames = new ArrayList<>();
    private final Map<String, String> additionalMetadata = new LinkedHashMap<>();

    private Builder(Instant since) {
      this.since = requireNonNull(since, "since");
    }

    public Builder setUntil(Instant until) {
      this.until = requireNonNull(until, "until");
      return this;
    }

    public Builder addStatus(RunStatus status) {
      statuses.add(requireNonNull(status, "status"));
      return this;
    }

    public Builder addWorkflow(Workflow<?, ?> workflow) {
      workflowNames.add(workflow.name());
      return this;
    }

    public Builder putAdditionalMetadata(String key, String value) {
      additionalMetadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    public CancelFilter build() {
      return new CancelFilter(this);
    }
  }
}
