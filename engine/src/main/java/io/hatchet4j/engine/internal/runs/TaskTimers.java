package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The clocks of tasks and workers: schedule and execution timeouts, retry backoff and worker
 * liveness. Confined to the scheduler thread.
 *
 * <p>Timers are never cancelled, except schedule timeouts, which the task's assignment removes
 * (under load most tasks are assigned long before theirs). Each one remembers the attempt it was
 * armed for and, when it fires, does nothing unless the task is still in that attempt and state; so
 * a task that moved on needs no bookkeeping. What happens on expiry is the caller's: this class
 * only decides whether it is due.
 *
 * <p>A timer holds the task's id, not the task: a finished run leaves memory at once, not when its
 * timers (five minutes for a schedule timeout) have fired. When a timer fires it looks the task up
 * among those in memory and does nothing if it is gone.
 */
final class TaskTimers {
  private final Effects effects;
  private final EngineSettings settings;
  private final Function<String, TaskState> tasks;
  /** Schedule timeouts, which a task's assignment removes: only queued tasks have one. */
  private final Deadlines scheduleDeadlines = new Deadlines(this::scheduleTimeoutDue);

  /** @param tasks the task in memory with this id, or null */
  TaskTimers(Effects effects, EngineSettings settings, Function<String, TaskState> tasks) {
    this.effects = effects;
    this.settings = settings;
    this.tasks = tasks;
  }

  /**
   * Calls {@code expire} with the reason if the task is still queued in this attempt once its
   * schedule timeout has passed.
   */
  void armScheduleTimeout(TaskState armed, BiConsumer<TaskState, String> expire) {
    scheduleDeadlines.add(armed.id, armed.retryCount, effects.nowMs() + scheduleTimeout(armed).toMillis(), expire);
  }

  /** A schedule timeout came due: expires the task if it is still queued in that attempt. */
  private void scheduleTimeoutDue(Deadline due) {
    TaskState task = tasks.apply(due.taskId());
    if (task != null && task.status == TaskStatus.QUEUED && task.retryCount == due.attempt()) {
      due.expire().accept(task, "task could not be assigned to a worker within its schedule timeout of "
          + Durations.format(scheduleTimeout(task)));
    }
  }

  /** Starts the clock of an attempt that was just sent to a worker and arms its timeout. */
  void startExecution(TaskState task, BiConsumer<TaskState, String> expire) {
    // No longer queued: its schedule timeout is moot, and under load there are many of those.
    scheduleDeadlines.remove(task.id);
    task.timeoutAtMs = effects.nowMs() + executionTimeout(task).toMillis();
    armExecutionTimeout(task, expire);
  }

  /**
   * Calls {@code expire} with the reason if the attempt is still on its worker at its deadline. A
   * deadline that was extended meanwhile is waited for.
   */
  private void armExecutionTimeout(TaskState armed, BiConsumer<TaskState, String> expire) {
    int attempt = armed.retryCount;
    String id = armed.id;
    long delay = Math.max(0, armed.timeoutAtMs - effects.nowMs());
    effects.schedule(Duration.ofMillis(delay), () -> {
      TaskState task = tasks.apply(id);
      if (task == null || !task.status.isOnWorker() || task.retryCount != attempt) {
        return;
      }
      if (effects.nowMs() < task.timeoutAtMs) {
        // Refreshed since the timer was set (or the timer fired a little early): wait for the rest.
        armExecutionTimeout(task, expire);
        return;
      }
      expire.accept(task, "task exceeded its execution timeout of " + timeoutText(task));
    });
  }

  /** Calls {@code requeue} after {@code delay} if the task is still backing off in this attempt. */
  void armBackoff(TaskState armed, Duration delay, Consumer<TaskState> requeue) {
    int attempt = armed.retryCount;
    String id = armed.id;
    effects.schedule(delay, () -> {
      TaskState task = tasks.apply(id);
      if (task != null && task.status == TaskStatus.BACKOFF && task.retryCount == attempt) {
        requeue.accept(task);
      }
    });
  }

  /**
   * Calls {@code lost} once the worker has had neither a listen stream nor a heartbeat for the
   * heartbeat timeout, checking again later if it was seen meanwhile.
   */
  void armLivenessCheck(WorkerState worker, Duration delay, Consumer<WorkerState> lost) {
    effects.schedule(delay, () -> {
      if (worker.isConnected() || worker.dead) {
        return;
      }
      long silentFor = effects.nowMs() - worker.lastSeenMs;
      long timeout = settings.heartbeatTimeout().toMillis();
      if (silentFor < timeout) {
        armLivenessCheck(worker, Duration.ofMillis(timeout - silentFor), lost);
        return;
      }
      lost.accept(worker);
    });
  }

  /** A timeout of a task attempt. */
  private record Deadline(long atMs, long sequence, String taskId, int attempt, BiConsumer<TaskState, String> expire) {}

  /**
   * Timeouts of one kind, earliest first, with an engine timer armed for the earliest: unlike a
   * timer per task, one is gone as soon as it is removed.
   */
  private final class Deadlines {
    private final TreeSet<Deadline> queue = new TreeSet<>(
        Comparator.comparingLong(Deadline::atMs).thenComparingLong(Deadline::sequence));
    private final Map<String, Deadline> byTask = new HashMap<>();
    private final Consumer<Deadline> due;
    private long sequence;
    private long armedFor = Long.MAX_VALUE;

    Deadlines(Consumer<Deadline> due) {
      this.due = due;
    }

    void add(String taskId, int attempt, long atMs, BiConsumer<TaskState, String> expire) {
      remove(taskId);
      Deadline deadline = new Deadline(atMs, sequence++, taskId, attempt, expire);
      queue.add(deadline);
      byTask.put(taskId, deadline);
      if (atMs < armedFor) {
        arm(atMs);
      }
    }

    void remove(String taskId) {
      Deadline deadline = byTask.remove(taskId);
      if (deadline != null) {
        queue.remove(deadline);
      }
    }

    private void arm(long atMs) {
      armedFor = atMs;
      effects.schedule(Duration.ofMillis(Math.max(0, atMs - effects.nowMs())), this::fire);
    }

    /** Runs every deadline that is due, then arms for the next (a timer that fired early finds none due). */
    private void fire() {
      armedFor = Long.MAX_VALUE;
      long now = effects.nowMs();
      while (!queue.isEmpty() && queue.first().atMs() <= now) {
        Deadline deadline = queue.pollFirst();
        byTask.remove(deadline.taskId(), deadline);
        due.accept(deadline);
      }
      if (!queue.isEmpty()) {
        arm(queue.first().atMs());
      }
    }
  }

  /** Upstream's rule: factor to the power of the retry number, in seconds, capped by the maximum. */
  static Duration backoff(TaskState task) {
    Double factor = task.spec.backoffFactor();
    if (factor == null) {
      return Duration.ZERO;
    }
    double seconds = Math.pow(factor, task.appRetries);
    if (task.spec.backoffMaxSeconds() != null) {
      seconds = Math.min(seconds, task.spec.backoffMaxSeconds());
    }
    return Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2.0));
  }

  Duration heartbeatTimeout() {
    return settings.heartbeatTimeout();
  }

  private Duration executionTimeout(TaskState task) {
    return task.spec.timeout() == null
        ? settings.defaultExecutionTimeout()
        : Durations.parse(task.spec.timeout(), "timeout");
  }

  private String timeoutText(TaskState task) {
    return task.spec.timeout() == null ? Durations.format(settings.defaultExecutionTimeout()) : task.spec.timeout();
  }

  private Duration scheduleTimeout(TaskState task) {
    return task.spec.scheduleTimeout() == null
        ? settings.defaultScheduleTimeout()
        : Durations.parse(task.spec.scheduleTimeout(), "schedule timeout");
  }
}
