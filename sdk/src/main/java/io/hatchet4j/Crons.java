package io.hatchet4j;

import io.hatchet4j.workflow.Workflow;
import java.util.List;

/**
 * Cron triggers created at run time; from {@link Hatchet#crons()}. Thread-safe.
 *
 * <p>Crons that are part of a workflow's definition are declared with {@link
 * Workflow.Builder#addCronTrigger} instead, and registered by the worker.
 */
public interface Crons {

  /**
   * Starts a run of {@code workflow} with {@code input} on every tick of {@code expression} (five
   * fields, UTC), until deleted.
   */
  <I> CronTrigger create(Workflow<I, ?> workflow, String name, String expression, I input, TriggerOptions options);

  /** Every cron trigger of the tenant. */
  List<CronTrigger> list();

  /** The cron triggers of one workflow. */
  List<CronTrigger> list(Workflow<?, ?> workflow);

  /** Deletes a cron trigger. */
  void delete(String cronId);

  /**
   * A cron trigger by id.
   *
   * @throws EngineException NOT_FOUND for an unknown id
   */
  CronTrigger get(String cronId);
}
