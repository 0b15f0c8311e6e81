package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.TaskStatus;
import javax.annotation.Nullable;

/**
 * A snapshot of one task run. Not public API.
 *
 * @param definitionId the task's definition id (upstream's step id)
 */
public record TaskView(
    String id,
    String readableId,
    String actionId,
    TaskStatus status,
    int retryCount,
    int attempts,
    @Nullable String output,
    @Nullable String error,
    @Nullable String workerId,
    @Nullable Long startedAtMs,
    @Nullable Long finishedAtMs,
    boolean onFailure,
    String definitionId) {

  /**
   * Whether the engine cancelled it before it ever ran, because a parent did not complete or a
   * cancel_if condition held; upstream creates such a task already cancelled, with no error message.
   */
  public boolean cancelledUnrun() {
    return status == TaskStatus.CANCELLED && attempts == 0 && error != null
        && error.startsWith(TaskMachine.CANCELLED_UNRUN);
  }
}
