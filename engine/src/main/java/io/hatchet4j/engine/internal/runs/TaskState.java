package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/** The live state of one task run. Confined to the scheduler thread. */
final class TaskState {
  private static final Map<String, Integer> DEFAULT_SLOT_REQUEST = Map.of("default", 1);

  final String id;
  final RunState run;
  final TaskSpec spec;
  final String definitionId;
  final boolean onFailure;
  final long createdAtMs;

  TaskStatus status = TaskStatus.PENDING;
  int retryCount;
  int appRetries;
  int attempts;
  @Nullable String output;
  @Nullable String error;
  @Nullable String workerId;
  @Nullable Long queuedAtMs;
  @Nullable Long startedAtMs;
  @Nullable Long finishedAtMs;
  /** Times a durable task was sent to a worker; the worker's replays carry it. */
  int invocationCount;
  /** A durable task taken off its worker while it waits; queued again when a wait completes. */
  boolean evicted;
  /** Its key under each concurrency strategy, evaluated when first queued; null without strategies. */
  @Nullable List<String> concurrencyKeys;
  /** Whether it holds its place under every concurrency strategy. */
  boolean concurrencyAdmitted;

  // Not persisted: rebuilt when the task is queued or assigned again after a restart.
  long queueSequence;
  /** Its place in the queue: the run's priority, or 4 for an immediate retry. */
  int queuePriority;
  /** Set when a failed attempt is retried at once, so it is queued ahead of user priorities. */
  boolean retryNow;
  long timeoutAtMs;
  boolean holdsSlot;
  /** Its rate limits as evaluated when it was created; null until then. */
  @Nullable List<RateLimitClaims.Claim> rateClaims;
  /** The worker it was last assigned to, kept after it finished: sticky children follow it. */
  @Nullable String lastWorkerId;
  /** While a rate limit keeps it out of its queue, when it returns (epoch ms); else 0. */
  long parkedUntilMs;
  /** Why the last assignment pass left it queued, if a gate said so. */
  @Nullable String requeueReason;

  TaskState(String id, RunState run, TaskSpec spec, String definitionId, boolean onFailure, long createdAtMs) {
    this.id = id;
    this.run = run;
    this.spec = spec;
    this.definitionId = definitionId;
    this.onFailure = onFailure;
    this.createdAtMs = createdAtMs;
  }

  String tenantId() {
    return run.tenantId;
  }

  String readableId() {
    return spec.readableId();
  }

  Map<String, Integer> slotRequests() {
    return spec.slotRequests().isEmpty() ? DEFAULT_SLOT_REQUEST : spec.slotRequests();
  }

  void restore(TaskRunRecord record) {
    status = record.status();
    retryCount = record.retryCount();
    appRetries = record.appRetries();
    attempts = record.attempts();
    output = record.output();
    error = record.error();
    workerId = record.workerId();
    queuedAtMs = record.queuedAtMs();
    startedAtMs = record.startedAtMs();
    finishedAtMs = record.finishedAtMs();
    invocationCount = record.invocationCount();
    evicted = record.evicted();
    concurrencyKeys = record.concurrencyKeys();
    concurrencyAdmitted = record.concurrencyAdmitted();
  }

  TaskRunRecord toRecord() {
    return new TaskRunRecord(id, run.id, run.tenantId, spec.readableId(), onFailure, status, retryCount,
        appRetries, attempts, output, error, workerId, createdAtMs, queuedAtMs, startedAtMs, finishedAtMs,
        invocationCount, evicted, concurrencyKeys, concurrencyAdmitted);
  }

  TaskView toView() {
    return new TaskView(id, spec.readableId(), spec.actionId(), status, retryCount, attempts, output, error,
        workerId, startedAtMs, finishedAtMs, onFailure, definitionId);
  }

  @Override
  public String toString() {
    return "task " + id + " (" + spec.readableId() + ", attempt " + retryCount + ", " + status + ")";
  }
}
