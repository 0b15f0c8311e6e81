package io.hatchet4j;

import io.hatchet4j.workflow.Workflow;
import java.util.List;

/** The tenant's scheduled runs; from {@link Hatchet#schedules()}. Thread-safe. */
public interface Schedules {

  /** Every scheduled run of the tenant. */
  List<ScheduledRun> list();

  /** The scheduled runs of one workflow. */
  List<ScheduledRun> list(Workflow<?, ?> workflow);

  /** Deletes a scheduled run so that it never starts. */
  void delete(String scheduleId);
}
