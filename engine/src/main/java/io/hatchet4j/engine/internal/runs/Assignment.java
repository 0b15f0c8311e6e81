package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Getting queued tasks onto workers: the ready queue, the choice of worker, slots, and the START
 * and CANCEL actions sent to workers. Confined to the scheduler thread.
 *
 * <p>A pass offers queued tasks in priority order through the {@link AssignmentGate gates}, then to
 * {@link WorkerPool#pick the best ranked, least loaded worker} that can run them. A task refused
 * for a reason of its own (a rate limit, its labels, its sticky worker) does not hold back the
 * tasks behind it.
 */
final class Assignment {
  /** What assignment hands back to the run state machine. */
  interface Outcomes {
    /** An assigned attempt ran past its execution timeout. */
    void executionTimedOut(TaskState task, String reason);

    /** A START could not be delivered: the task must go back to the queue. */
    void lost(TaskState task);
  }

  private final ReadyQueue queue = new ReadyQueue();
  private final WorkerPool workers;
  private final RunTable table;
  private final Effects effects;
  private final TaskTimers timers;
  private final RunListener listener;
  private final List<AssignmentGate> gates;
  /** The gates that choose among workers; most (rate limits) do not, and cost nothing per worker. */
  private final List<AssignmentGate> workerFilters;
  private final Outcomes outcomes;

  Assignment(WorkerPool workers, RunTable table, Effects effects, TaskTimers timers, RunListener listener,
      List<AssignmentGate> gates, Outcomes outcomes) {
    this.workers = workers;
    this.table = table;
    this.effects = effects;
    this.timers = timers;
    this.listener = listener;
    this.gates = List.copyOf(gates);
    this.workerFilters = this.gates.stream().filter(Assignment::filtersWorkers).toList();
    this.outcomes = outcomes;
  }

  /** Upstream's internal priority of immediate retries, above the user's 1 to 3. */
  static final int RETRY_PRIORITY = 4;

  /**
   * Asks each gate to prepare a task being created; returns why the task fails at creation (a
   * rate-limit expression that cannot be evaluated, say), or null.
   */
  @Nullable
  String prepare(TaskState task) {
    for (AssignmentGate gate : gates) {
      String failure = gate.prepare(task);
      if (failure != null) {
        return failure;
      }
    }
    return null;
  }

  /** Puts a task in its queue and asks for a pass. */
  void enqueue(TaskState task) {
    queue.add(task, task.retryNow ? RETRY_PRIORITY : task.run.priority);
    task.retryNow = false;
    effects.requestAssignment();
  }

  void dequeue(TaskState task) {
    queue.remove(task);
  }

  /** Gives queued tasks to workers with free slots, highest priority first. */
  void assignQueued() {
    long now = effects.nowMs();
    queue.drain(now, task -> {
      for (AssignmentGate gate : gates) {
        if (!gate.admits(task)) {
          return task.parkedUntilMs > now ? ReadyQueue.Placement.PARKED : ReadyQueue.Placement.SKIPPED;
        }
      }
      WorkerState worker = workerFilters.isEmpty() ? workers.pick(task, w -> true)
          : workers.pick(task, w -> workerFilters.stream().allMatch(g -> g.accepts(task, w)));
      if (worker == null) {
        return WorkerRanking.isSpecific(task) ? ReadyQueue.Placement.SKIPPED : ReadyQueue.Placement.BLOCKED;
      }
      assign(task, worker);
      return ReadyQueue.Placement.PLACED;
    });
  }

  private static boolean filtersWorkers(AssignmentGate gate) {
    try {
      return gate.getClass().getMethod("accepts", TaskState.class, WorkerState.class).getDeclaringClass()
          != AssignmentGate.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  private void assign(TaskState task, WorkerState worker) {
    long now = effects.nowMs();
    task.status = TaskStatus.ASSIGNED;
    task.workerId = worker.id();
    task.lastWorkerId = worker.id();
    task.requeueReason = null;
    task.attempts++;
    if (task.spec.durable()) {
      // Each sending is a new invocation, which replays the task's durable event log.
      task.invocationCount++;
    }
    task.holdsSlot = true;
    worker.takeSlots(task.slotRequests());
    worker.tasks.add(task);
    worker.assignments++;
    gates.forEach(g -> g.assigned(task, worker));
    timers.startExecution(task, outcomes::executionTimedOut);
    RunState run = task.run;
    if (run.startedAtMs == null) {
      run.startedAtMs = now;
    }
    if (run.status == RunStatus.QUEUED) {
      run.status = RunStatus.RUNNING;
    }
    table.save(run);
    table.save(task);
    listener.taskSentToWorker(RunListener.TaskAttempt.of(task), now);
    ActionSink sink = worker.newestSession();
    WorkerAction action = Payloads.action(task, WorkerAction.Type.START);
    int attempt = task.retryCount;
    effects.afterCommit(() -> {
      if (!sink.send(action)) {
        effects.schedule(Duration.ZERO, () -> deliveryFailed(task, attempt, worker, sink));
      }
    });
  }

  /** The worker's stream died under a START: take the stream out of service and requeue the task. */
  private void deliveryFailed(TaskState task, int attempt, WorkerState worker, ActionSink sink) {
    worker.sessions.values().remove(sink);
    if (task.status == TaskStatus.ASSIGNED && task.retryCount == attempt && worker.id().equals(task.workerId)) {
      outcomes.lost(task);
    }
  }

  /** Tells the task's worker, if it still has a stream, to cancel the task. */
  void sendCancel(TaskState task) {
    WorkerState worker = task.workerId == null ? null : workers.find(task.workerId).orElse(null);
    ActionSink sink = worker == null ? null : worker.newestSession();
    if (sink != null) {
      WorkerAction action = Payloads.action(task, WorkerAction.Type.CANCEL);
      effects.afterCommit(() -> sink.send(action));
    }
  }

  /** Takes the task off its worker, returning its slots if it still holds them. */
  void detach(TaskState task) {
    if (task.holdsSlot) {
      returnSlots(task);
      effects.requestAssignment();
    }
    if (task.workerId != null) {
      workers.find(task.workerId).ifPresent(worker -> worker.tasks.remove(task));
      task.workerId = null;
    }
  }

  /** Frees the slots the task holds while it stays on its worker. */
  void releaseSlot(TaskState task) {
    if (task.status.isOnWorker() && task.holdsSlot) {
      returnSlots(task);
      effects.requestAssignment();
    }
  }

  private void returnSlots(TaskState task) {
    task.holdsSlot = false;
    if (task.workerId != null) {
      workers.find(task.workerId).ifPresent(worker -> worker.returnSlots(task.slotRequests()));
    }
    gates.forEach(g -> g.released(task));
  }
}
