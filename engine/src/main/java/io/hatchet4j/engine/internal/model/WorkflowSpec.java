package io.hatchet4j.engine.internal.model;

import java.util.List;
import javax.annotation.Nullable;

/**
 * A workflow definition as a worker registers it. Not public API.
 *
 * @param cronTriggers kept for the cron scheduler, which a later version adds
 * @param concurrency kept, not yet enforced
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
    List<ConcurrencySetting> concurrency) {

  public WorkflowSpec {
    eventTriggers = List.copyOf(eventTriggers);
    cronTriggers = List.copyOf(cronTriggers);
    tasks = List.copyOf(tasks);
    concurrency = List.copyOf(concurrency);
  }
}
