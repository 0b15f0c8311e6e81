package io.hatchet4j;

import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.features.BulkResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The tenant's scheduled runs: list, read, move and delete; from {@link Hatchet#schedules()}. Thread-safe. */
public interface Schedules {

  /** Every scheduled run of the tenant. */
  List<ScheduledRun> list();

  /** The scheduled runs of one workflow. */
  List<ScheduledRun> list(Workflow<?, ?> workflow);

  /** Deletes a scheduled run so that it never starts. */
  void delete(String scheduleId);

  /**
   * A scheduled run by id.
   *
   * @throws EngineException NOT_FOUND if it is unknown, has started or was deleted
   */
  ScheduledRun get(String scheduleId);

  /** Moves a scheduled run to another time; returns it as moved. */
  ScheduledRun update(String scheduleId, Instant triggerAt);

  /** Deletes scheduled runs by id, each on its own: one that fails does not stop the others. */
  BulkResult bulkDelete(List<String> scheduleIds);

  /** Deletes the scheduled runs of a workflow whose metadata has all these pairs (none: any). */
  BulkResult bulkDelete(Workflow<?, ?> workflow, Map<String, String> additionalMetadata);

  /** Moves scheduled runs to new times, each on its own. */
  BulkResult bulkUpdate(Map<String, Instant> triggerAtById);
}
