package io.hatchet4j.engine.internal.model;

import java.util.List;
import javax.annotation.Nullable;

/**
 * A workflow definition as a worker registers it. Not public API.
 *
 * @param cronTriggers kept for the cron scheduler, which a later version adds
 * @param concurrency workflow-level concurrency rules, in the order they apply
 * @param defaultFilters filters on the events that trigger it, by event scope
 */
public record WorkflowSpec(
    String name,
    String description,
    String version,
    List<String> eventTriggers,
    List<String> cronTriggers,
    @Nullable String cronInput,
    List<TaskSpec> tasks,
    @Nullable TaskSpec onFailureTask,
    @Nullable Integer defaultPriority,
    @Nullable String sticky,
    List<ConcurrencySetting> concurrency,
    List<EventFilter> defaultFilters) {

  public WorkflowSpec {
    eventTriggers = List.copyOf(eventTriggers);
    cronTriggers = List.copyOf(cronTriggers);
    tasks = List.copyOf(tasks);
    concurrency = List.copyOf(concurrency);
    // Versions stored before filters existed have none.
    defaultFilters = defaultFilters == null ? List.of() : List.copyOf(defaultFilters);
  }
}
