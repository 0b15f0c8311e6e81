package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.DesiredLabel;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * How much a task wants each worker, as upstream ranks workers: by its workflow's sticky strategy
 * if it has one, else by the labels it wants. Workers with the highest rank are tried first; a
 * negative rank keeps the worker out. Stateless.
 *
 * <ul>
 *   <li>HARD sticky: only the desired worker, when the task has one; the task waits for it.
 *   <li>SOFT sticky: the desired worker first, any other next.
 *   <li>No sticky strategy: the {@link LabelMatcher label score}. The trigger's desired labels
 *       replace the task's own. A desired worker id has no effect.
 * </ul>
 *
 * <p>The desired worker of a root task is the one its trigger names (a sticky child's parent
 * worker); a task with parents follows the worker that ran its first parent.
 */
final class WorkerRanking {
  private WorkerRanking() {}

  static int rank(TaskState task, WorkerState worker) {
    String sticky = task.run.version.spec().sticky();
    if (sticky != null) {
      String desired = desiredWorkerId(task);
      boolean isDesired = worker.id().equals(desired);
      if (sticky.equals("HARD")) {
        return desired == null || isDesired ? 0 : LabelMatcher.REJECTED;
      }
      return isDesired ? 1 : 0;
    }
    Map<String, DesiredLabel> labels = desiredLabels(task);
    return labels.isEmpty() ? 0 : LabelMatcher.score(labels, worker.record.labels());
  }

  /**
   * Whether the task's choice of worker is its own (stickiness or labels): a task refused for
   * that reason must not hold back the tasks behind it in its queue.
   */
  static boolean isSpecific(TaskState task) {
    String sticky = task.run.version.spec().sticky();
    return sticky != null ? desiredWorkerId(task) != null : !desiredLabels(task).isEmpty();
  }

  @Nullable
  static String desiredWorkerId(TaskState task) {
    if (task.spec.parents().isEmpty()) {
      return task.run.desiredWorkerId;
    }
    TaskState parent = task.run.tasks.get(task.spec.parents().get(0));
    return parent == null ? null : parent.lastWorkerId;
  }

  static Map<String, DesiredLabel> desiredLabels(TaskState task) {
    Map<String, DesiredLabel> fromTrigger = task.run.desiredWorkerLabels;
    return fromTrigger.isEmpty() ? task.spec.workerLabels() : fromTrigger;
  }
}
