package io.hatchet4j.engine.internal.model;

import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * One task of a workflow as registered (upstream's "step").
 *
 * <p>Not public API.
 *
 * @param readableId the task name, unique within its workflow
 * @param actionId the action a worker registers to run it, {@code <workflow>:<task>}
 * @param parents readable ids of the tasks that must complete first
 * @param retries how many times a failed attempt is retried
 * @param timeout execution timeout as registered (Go notation), or null for the engine default
 * @param scheduleTimeout how long it may wait for a worker (Go notation), or null for the default
 * @param slotRequests slot type to units taken while it runs; empty means {@code {"default": 1}}
 * @param rateLimits the rate limits each of its tasks consumes
 * @param workerLabels the labels it wants of a worker, by label key
 * @param conditions its wait_for, skip_if and cancel_if conditions
 */
public record TaskSpec(
    String readableId,
    String actionId,
    List<String> parents,
    int retries,
    @Nullable Double backoffFactor,
    @Nullable Integer backoffMaxSeconds,
    @Nullable String timeout,
    @Nullable String scheduleTimeout,
    boolean durable,
    Map<String, Integer> slotRequests,
    List<ConcurrencySetting> concurrency,
    List<RateLimitSetting> rateLimits,
    Map<String, DesiredLabel> workerLabels,
    List<TaskCondition> conditions) {

  public TaskSpec {
    parents = List.copyOf(parents);
    slotRequests = Map.copyOf(slotRequests);
    concurrency = List.copyOf(concurrency);
    // Versions stored before rate limits, labels and conditions were kept have none.
    rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
    workerLabels = workerLabels == null ? Map.of() : Map.copyOf(workerLabels);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** A task without rate limits, desired worker labels or conditions. */
  public TaskSpec(String readableId, String actionId, List<String> parents, int retries,
      @Nullable Double backoffFactor, @Nullable Integer backoffMaxSeconds, @Nullable String timeout,
      @Nullable String scheduleTimeout, boolean durable, Map<String, Integer> slotRequests,
      List<ConcurrencySetting> concurrency) {
    this(readableId, actionId, parents, retries, backoffFactor, backoffMaxSeconds, timeout, scheduleTimeout, durable,
        slotRequests, concurrency, List.of(), Map.of(), List.of());
  }
}
