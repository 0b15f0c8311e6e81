package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of tasks and runs: queueing, the worker's reports, retries with backoff,
 * failure, cancellation with the dependants it takes along, and a run's settling into its final
 * status. Confined to the scheduler thread.
 */
final class TaskMachine implements DagConditions.Outcomes {
  private static final Logger log = LoggerFactory.getLogger(TaskMachine.class);
  /** The output of a skipped task, exactly as upstream writes it. */
  static final String SKIPPED_OUTPUT = "{\"skipped\":true}";
  /**
   * How the error of a pending task the engine cancels begins: its parent did not complete, or its
   * cancel_if held. Upstream creates such tasks already cancelled, without an error message.
   */
  static final String CANCELLED_UNRUN = "cancelled because ";

  private final RunTable table;
  private final Effects effects;
  private final TaskTimers timers;
  private final RunListener listener;
  private final Watchers watchers;
  private final WorkerPool workers;
  private final DurableLog durable;
  private Assignment assignment;
  private ConcurrencyQueues concurrency;
  private DagConditions dag;
  private final Deque<TaskState> skips = new ArrayDeque<>();
  private boolean skipping;

  TaskMachine(RunTable table, Effects effects, TaskTimers timers, RunListener listener, Watchers watchers,
      WorkerPool workers, DurableLog durable) {
    this.table = table;
    this.effects = effects;
    this.timers = timers;
    this.listener = listener;
    this.watchers = watchers;
    this.workers = workers;
    this.durable = durable;
  }

  /** Connects the machine to assignment and the concurrency gate, which report back to it; called once while wiring. */
  void use(Assignment assignment, ConcurrencyQueues concurrency) {
    this.assignment = assignment;
    this.concurrency = concurrency;
  }

  /** Connects the machine to the DAG conditions that release pending tasks; called once while wiring. */
  void use(DagConditions dag) {
    this.dag = dag;
  }

  /** A new pending task: queued now, or when its parents and conditions allow (maybe skipped or cancelled). */
  void release(TaskState task) {
    dag.evaluate(task, effects.nowMs());
  }

  // ---------------------------------------------------------------- queueing

  /**
   * Queues a task for a worker and arms its schedule timeout; a task whose concurrency keys or
   * rate-limit expressions cannot be evaluated fails instead, as upstream creates it failed.
   */
  @Override
  public void queue(TaskState task) {
    String failure = concurrency.evaluateKeys(task);
    if (failure == null) {
      failure = assignment.prepare(task);
    }
    if (failure != null) {
      publish(task, RunEvent.Type.FAILED, failure);
      listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.FAILED, failure, effects.nowMs());
      finishFailed(task, failure);
      return;
    }
    task.status = TaskStatus.QUEUED;
    task.evicted = false;
    task.queuedAtMs = effects.nowMs();
    concurrency.enqueue(task);
    table.save(task);
    timers.armScheduleTimeout(task, this::scheduleTimedOut);
  }

  private void scheduleTimedOut(TaskState task, String timeout) {
    // Upstream shows why each pass left it queued as REQUEUED_* task events; we have no such list.
    String reason = task.requeueReason == null ? timeout : timeout + "; last requeued: " + task.requeueReason;
    assignment.dequeue(task);
    listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.SCHEDULING_TIMED_OUT, reason,
        effects.nowMs());
    finishFailed(task, reason);
  }

  /** The running attempt ran out of time: its worker is told to stop and the attempt fails. */
  void executionTimedOut(TaskState task, String reason) {
    assignment.sendCancel(task);
    failAttempt(task, reason, false);
  }

  /** Moves a task off its worker; this is not the task's fault, so no retry is used up. */
  void requeueLost(TaskState task) {
    assignment.detach(task);
    // A new attempt number makes late events from the old worker stale.
    task.retryCount++;
    queue(task);
  }

  /** Moves every task off a worker that left or was lost. */
  void requeueTasksOf(WorkerState worker, String reason) {
    List<TaskState> held = new ArrayList<>(worker.tasks);
    if (!held.isEmpty()) {
      log.info("worker {} {}: {} task(s) go back to the queue", worker.id(), reason, held.size());
    }
    for (TaskState task : held) {
      requeueLost(task);
    }
  }

  // ---------------------------------------------------------------- the worker's reports

  void stepEvent(String tenantId, StepEvent event) {
    TaskState task = table.requireTask(tenantId, event.taskRunId());
    int attempt = event.retryCount() != null ? event.retryCount() : task.retryCount;
    if (attempt != task.retryCount || !task.status.isOnWorker() || fromAnotherWorker(event, task)) {
      log.debug("ignoring stale {} event for {} (attempt {}, worker {})", event.type(), task, attempt, event.workerId());
      return;
    }
    switch (event.type()) {
      case STARTED:
        if (task.status == TaskStatus.ASSIGNED) {
          task.status = TaskStatus.RUNNING;
          if (task.startedAtMs == null) {
            task.startedAtMs = effects.nowMs();
          }
          listener.taskStarted(RunListener.TaskAttempt.of(task), effects.nowMs());
          table.save(task);
          publish(task, RunEvent.Type.STARTED, "");
        }
        break;
      case COMPLETED:
        ObjectNode output;
        try {
          // A task that returned nothing (Python's None, as upstream's on-success example does)
          // completes with no payload; upstream accepts that, and so do we, as an empty object.
          boolean none = event.payload() == null || event.payload().isBlank();
          output = Json.requireObjectNode(none ? "{}" : event.payload(), "the output");
        } catch (EngineException e) {
          failAttempt(task, "invalid task output: " + e.getMessage(), false);
          break;
        }
        complete(task, output.toString());
        break;
      case FAILED:
        failAttempt(task, event.payload(), event.shouldNotRetry());
        break;
      case CANCELLED:
        cancelTask(task, "the task was cancelled by its worker", false);
        break;
      case ACKNOWLEDGED:
      default:
        break;
    }
  }

  /**
   * Whether the event names a known worker other than the task's. Only a known id counts: the
   * TypeScript SDK puts its worker's name in this field, which must not make its events stale.
   */
  private boolean fromAnotherWorker(StepEvent event, TaskState task) {
    String workerId = Ids.canonicalOrNull(event.workerId());
    return workerId != null && !workerId.equals(task.workerId) && workers.find(workerId).isPresent();
  }

  /** Extends the running attempt's deadline and returns the new one. */
  long refreshTimeout(String tenantId, String taskRunId, Duration increment) {
    TaskState task = table.requireTask(tenantId, taskRunId);
    if (!task.status.isOnWorker()) {
      throw EngineException.failedPrecondition("task run " + task.id + " is not running");
    }
    // The pending timer sees the later deadline when it fires and waits for the rest.
    task.timeoutAtMs += increment.toMillis();
    table.save(task);
    return task.timeoutAtMs;
  }

  // ---------------------------------------------------------------- transitions

  private void complete(TaskState task, String output) {
    assignment.detach(task);
    listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.COMPLETED, null, effects.nowMs());
    finishCompleted(task, output);
  }

  /**
   * A pending task whose skip_if held, or whose parents were all skipped: completed without
   * running, with upstream's skipped output. Skips it causes downstream wait in a work list, not
   * recursion, so a skipped chain of any length is safe.
   */
  @Override
  public void skip(TaskState task) {
    skips.add(task);
    if (skipping) {
      return;
    }
    skipping = true;
    try {
      while (!skips.isEmpty()) {
        TaskState next = skips.poll();
        if (next.status == TaskStatus.PENDING) {
          finishCompleted(next, SKIPPED_OUTPUT);
        }
      }
    } finally {
      skipping = false;
    }
  }

  private void finishCompleted(TaskState task, String output) {
    task.status = TaskStatus.COMPLETED;
    task.output = output;
    task.error = null;
    task.finishedAtMs = effects.nowMs();
    concurrency.release(task);
    table.save(task);
    publish(task, RunEvent.Type.COMPLETED, output);
    for (TaskState dependant : task.run.tasks.values()) {
      if (dependant.status == TaskStatus.PENDING && dependant.spec.parents().contains(task.readableId())) {
        dag.evaluate(dependant, effects.nowMs());
      }
    }
    settleRun(task.run);
  }

  /** A failed attempt: retried after its backoff if retries remain, else the task fails. */
  private void failAttempt(TaskState task, String error, boolean noRetry) {
    assignment.detach(task);
    concurrency.release(task);
    publish(task, RunEvent.Type.FAILED, error);
    listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.FAILED, error, effects.nowMs());
    if (noRetry || task.appRetries >= task.spec.retries()) {
      finishFailed(task, error);
      return;
    }
    task.appRetries++;
    task.retryCount++;
    task.error = error;
    Duration backoff = TaskTimers.backoff(task);
    if (backoff.isZero()) {
      task.retryNow = true;
      queue(task);
      return;
    }
    task.status = TaskStatus.BACKOFF;
    table.save(task);
    timers.armBackoff(task, backoff, this::queue);
  }

  private void finishFailed(TaskState task, String error) {
    task.status = TaskStatus.FAILED;
    task.error = error;
    task.finishedAtMs = effects.nowMs();
    concurrency.release(task);
    table.save(task);
    cancelAll(task.run, dependantsOf(task, "parent task '" + task.readableId() + "' failed"));
  }

  /**
   * Cancels a task unless it is finished, and with it every pending task downstream of it; tells
   * its worker if it holds it and {@code tellWorker}. Returns whether it was cancelled.
   */
  boolean cancelTask(TaskState task, String reason, boolean tellWorker) {
    if (task.status.isTerminal()) {
      return false;
    }
    cancelAll(task.run, List.of(new Cancellation(task, reason, tellWorker)));
    return true;
  }

  /** A pending task whose cancel_if held: cancelled, with the tasks downstream of it. */
  @Override
  public void cancel(TaskState task, String reason) {
    cancelTask(task, reason, false);
  }

  /** A task to cancel, and why. */
  private record Cancellation(TaskState task, String reason, boolean tellWorker) {}

  /**
   * Cancels the given tasks and, depth first, the pending tasks downstream of each, then settles
   * the run once. A loop over a work list, not recursion, so a chain of any length is safe.
   */
  private void cancelAll(RunState run, List<Cancellation> first) {
    Deque<Cancellation> work = new ArrayDeque<>(first);
    Map<String, List<TaskState>> children = null;
    while (!work.isEmpty()) {
      Cancellation next = work.poll();
      TaskState task = next.task();
      if (task.status.isTerminal()) {
        continue;
      }
      cancelOne(task, next.reason(), next.tellWorker());
      if (children == null) {
        children = children(run);
      }
      String why = CANCELLED_UNRUN + "its parent task '" + task.readableId() + "' did not complete";
      List<TaskState> below = children.getOrDefault(task.readableId(), List.of());
      // In front of the rest, last first: the order a depth-first recursion would take.
      for (int i = below.size() - 1; i >= 0; i--) {
        if (below.get(i).status == TaskStatus.PENDING) {
          work.addFirst(new Cancellation(below.get(i), why, false));
        }
      }
    }
    settleRun(run);
  }

  private void cancelOne(TaskState task, String reason, boolean tellWorker) {
    if (task.status.isOnWorker() && tellWorker) {
      assignment.sendCancel(task);
    }
    if (task.status == TaskStatus.QUEUED) {
      assignment.dequeue(task);
    }
    assignment.detach(task);
    task.status = TaskStatus.CANCELLED;
    task.error = reason;
    task.finishedAtMs = effects.nowMs();
    concurrency.release(task);
    table.save(task);
    publish(task, RunEvent.Type.CANCELLED, reason);
    listener.taskFinished(RunListener.TaskAttempt.of(task), RunListener.Outcome.CANCELLED, reason, effects.nowMs());
  }

  /** The pending tasks that depend directly on {@code task}, to cancel because of {@code cause}. */
  private static List<Cancellation> dependantsOf(TaskState task, String cause) {
    List<Cancellation> dependants = new ArrayList<>();
    for (TaskState other : task.run.tasks.values()) {
      if (other.status == TaskStatus.PENDING && other.spec.parents().contains(task.readableId())) {
        dependants.add(new Cancellation(other, CANCELLED_UNRUN + "its " + cause, false));
      }
    }
    return dependants;
  }

  /** The run's regular tasks by the readable id of each of their parents. */
  private static Map<String, List<TaskState>> children(RunState run) {
    Map<String, List<TaskState>> children = new HashMap<>();
    for (TaskState task : run.tasks.values()) {
      for (String parent : task.spec.parents()) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(task);
      }
    }
    return children;
  }

  /**
   * Brings the run's status up to date. A run finishes when every task is finished; if a task
   * failed and the workflow has an on-failure task, that task runs first.
   */
  void settleRun(RunState run) {
    if (run.status.isTerminal()) {
      return;
    }
    boolean allFinished = run.tasks.values().stream().allMatch(t -> t.status.isTerminal());
    boolean anyFailed = run.anyRegularTask(TaskStatus.FAILED);
    // As upstream: the first failure queues the on-failure task, while other tasks may still run.
    if (anyFailed && run.onFailureTask == null && !run.cancelRequested
        && run.version.spec().onFailureTask() != null) {
      TaskSpec spec = run.version.spec().onFailureTask();
      TaskState onFailure = new TaskState(Ids.newId(), run, spec, run.version.taskIds().get(spec.readableId()),
          true, effects.nowMs());
      table.attach(onFailure);
      queue(onFailure);
      return;
    }
    if (!allFinished || (run.onFailureTask != null && !run.onFailureTask.status.isTerminal())) {
      return;
    }
    run.status = anyFailed ? RunStatus.FAILED
        : run.anyRegularTask(TaskStatus.CANCELLED) ? RunStatus.CANCELLED
        : RunStatus.COMPLETED;
    run.finishedAtMs = effects.nowMs();
    table.save(run);
    log.debug("workflow run {} ({}) {}", run.id, run.version.name(), run.status);
    watchers.publish(Watchers.finalEvent(run));
    watchers.runFinished(run);
    durable.runFinished(run);
  }

  private void publish(TaskState task, RunEvent.Type type, String payload) {
    watchers.publish(new RunEvent(task.run.id, RunEvent.Resource.TASK, type, task.id, effects.nowMs(), payload,
        false, task.spec.retries(), task.retryCount, null));
  }

  // ---------------------------------------------------------------- cancel and replay

  /**
   * Cancels task runs or whole workflow runs by id and returns the ids of the tasks it cancelled.
   * Ids of finished or unknown runs are skipped.
   */
  List<String> cancel(String tenantId, List<String> ids) {
    List<String> canonical = new ArrayList<>();
    for (String id : ids) {
      canonical.add(Ids.require(id, "external id"));
    }
    List<String> cancelled = new ArrayList<>();
    for (String id : canonical) {
      RunState run = table.run(id);
      if (run != null && run.tenantId.equals(tenantId)) {
        run.cancelRequested = true;
        cancelCollecting(run, run.allTasks(), "the workflow run was cancelled", cancelled);
        continue;
      }
      TaskState task = table.task(id);
      if (task != null && task.tenantId().equals(tenantId)) {
        cancelCollecting(task.run, List.of(task), "the task run was cancelled", cancelled);
      }
    }
    return cancelled;
  }

  /** Cancels the given tasks and adds every task of the run this cancelled, dependants included. */
  private void cancelCollecting(RunState run, List<TaskState> targets, String reason, List<String> cancelled) {
    List<TaskState> before = run.allTasks().stream().filter(t -> !t.status.isTerminal()).toList();
    cancelAll(run, targets.stream().map(t -> new Cancellation(t, reason, true)).toList());
    for (TaskState task : before) {
      if (task.status == TaskStatus.CANCELLED) {
        cancelled.add(task.id);
      }
    }
  }

  /**
   * Runs finished task runs again: a workflow run id replays all its tasks, a task run id that task
   * and the tasks after it. Unfinished and unknown ids are skipped. Returns the task runs reset.
   */
  List<String> replay(String tenantId, List<String> ids) {
    List<String> canonical = new ArrayList<>();
    for (String id : ids) {
      canonical.add(Ids.require(id, "external id"));
    }
    List<String> replayed = new ArrayList<>();
    for (String id : canonical) {
      RunState run = table.run(id);
      List<TaskState> targets;
      if (run != null && run.tenantId.equals(tenantId)) {
        targets = new ArrayList<>(run.tasks.values());
      } else {
        TaskState task = table.task(id);
        if (task == null || !task.tenantId().equals(tenantId) || task.onFailure) {
          continue;
        }
        run = task.run;
        targets = new ArrayList<>(List.of(task));
      }
      if (!run.status.isTerminal()) {
        continue;
      }
      replayRun(run, targets, replayed);
    }
    return replayed;
  }

  private void replayRun(RunState run, List<TaskState> targets, List<String> replayed) {
    // The targets and every task downstream of them start over, in definition order.
    Map<String, List<TaskState>> children = children(run);
    Set<TaskState> downstream = new HashSet<>(targets);
    Deque<TaskState> work = new ArrayDeque<>(targets);
    while (!work.isEmpty()) {
      for (TaskState child : children.getOrDefault(work.poll().readableId(), List.of())) {
        if (downstream.add(child)) {
          work.add(child);
        }
      }
    }
    List<TaskState> reset = run.tasks.values().stream().filter(downstream::contains).toList();
    if (run.onFailureTask != null) {
      table.removeTask(run.onFailureTask);
      run.onFailureTask = null;
    }
    run.status = RunStatus.RUNNING;
    run.finishedAtMs = null;
    run.cancelRequested = false;
    table.save(run);
    for (TaskState task : reset) {
      task.status = TaskStatus.PENDING;
      task.output = null;
      task.error = null;
      task.appRetries = 0;
      task.retryCount++;
      task.startedAtMs = null;
      task.finishedAtMs = null;
      durable.forget(task.id);
      replayed.add(task.id);
    }
    for (TaskState task : reset) {
      table.save(task);
      release(task);
    }
  }

  // ---------------------------------------------------------------- durable eviction

  /** Takes a durable task off its worker while it waits; it is parked until a wait completes. */
  void evict(TaskState task) {
    assignment.detach(task);
    // Parked until a wait completes: BACKOFF is the one waiting state no timer moves on.
    task.status = TaskStatus.BACKOFF;
    task.evicted = true;
    table.save(task);
  }

  /** Queues an evicted task again; returns whether it was evicted. */
  boolean wake(TaskState task) {
    if (task.evicted && task.status == TaskStatus.BACKOFF) {
      queue(task);
      return true;
    }
    return false;
  }

  /** Queues an evicted durable task again at once (a restore over the API); returns whether it was evicted. */
  boolean restoreEvicted(String tenantId, String taskRunId) {
    TaskState task = table.requireTask(tenantId, taskRunId);
    if (!task.evicted || task.status.isTerminal()) {
      return false;
    }
    queue(task);
    return true;
  }
}
