package io.hatchet4j.features;

import java.util.List;

/**
 * The tenant's workers: list, read, pause and unpause; from {@link io.hatchet4j.Hatchet#workers()}.
 * Thread-safe; calls block.
 *
 * <p>A paused worker finishes the tasks it has but is assigned no new ones until unpaused. A
 * worker's id is {@link io.hatchet4j.worker.Worker#id()} once it started.
 */
public interface Workers {

  /** The tenant's workers. */
  List<WorkerInfo> list();

  /**
   * A worker by id.
   *
   * @throws io.hatchet4j.EngineException NOT_FOUND for an unknown id
   */
  WorkerInfo get(String workerId);

  /** Stops assigning new tasks to the worker; returns it as it is now. */
  WorkerInfo pause(String workerId);

  /** Assigns tasks to the worker again; returns it as it is now. */
  WorkerInfo unpause(String workerId);

  /** Whether the worker is paused. */
  default boolean isPaused(String workerId) {
    return get(workerId).status() == WorkerInfo.Status.PAUSED;
  }
}
