package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.features.RunFilter;
import io.hatchet4j.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Selects runs to cancel by time, status, workflow and metadata, as the engine's bulk cancel does.
 * {@link RunFilter} does the same and more, for {@code hatchet.runs()}; this one stays for {@link
 * Hatchet#cancel(CancelFilter)}.
 *
 * <p>Immutable. Every criterion given must match.
 */
public final class CancelFilter {
  private final RunFilter filter;

  private CancelFilter(RunFilter filter) {
    this.filter = filter;
  }

  /** A filter of runs created since {@code since}. */
  public static Builder since(Instant since) {
    return new Builder(since);
  }

  public Instant since() {
    return filter.since().orElseThrow();
  }

  public Optional<Instant> until() {
    return filter.until();
  }

  public Set<RunStatus> statuses() {
    return filter.statuses();
  }

  /** Workflow names, without the namespace. */
  public List<String> workflowNames() {
    return filter.workflowNames();
  }

  public Map<String, String> additionalMetadata() {
    return filter.additionalMetadata();
  }

  /** The same selection as a {@link RunFilter}, which bulk cancel and replay take. */
  public RunFilter toRunFilter() {
    return filter;
  }

  /** Builds a {@link CancelFilter}. Not thread-safe. */
  public static final class Builder {
    private final RunFilter.Builder filter = RunFilter.builder();

    private Builder(Instant since) {
      filter.setSince(requireNonNull(since, "since"));
    }

    public Builder setUntil(Instant until) {
      filter.setUntil(until);
      return this;
    }

    public Builder addStatus(RunStatus status) {
      filter.addStatus(status);
      return this;
    }

    public Builder addWorkflow(Workflow<?, ?> workflow) {
      filter.addWorkflow(workflow);
      return this;
    }

    public Builder putAdditionalMetadata(String key, String value) {
      filter.putAdditionalMetadata(key, value);
      return this;
    }

    public CancelFilter build() {
      return new CancelFilter(filter.build());
    }
  }
}
