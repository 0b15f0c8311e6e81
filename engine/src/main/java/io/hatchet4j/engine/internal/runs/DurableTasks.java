package io.hatchet4j.engine.internal.runs;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.annotation.Nullable;

/**
 * The engine side of the {@code DurableTask} stream: each call copies its arguments and hands the
 * work to the scheduler loop, so callers on gRPC threads never touch scheduler state. Not public API.
 */
public final class DurableTasks {
  private final CommandLoop loop;
  private final Scheduler scheduler;

  DurableTasks(CommandLoop loop, Scheduler scheduler) {
    this.loop = loop;
    this.scheduler = scheduler;
  }

  /** Opens a worker's durable task stream; completes with the session id for {@link #closeSession}. */
  public CompletableFuture<String> openSession(String tenantId, String workerId, DurableSink sink) {
    return loop.call(() -> scheduler.openDurableSession(tenantId, workerId, sink));
  }

  public void closeSession(String sessionId) {
    loop.post(() -> scheduler.closeDurableSession(sessionId));
  }

  /** Records a wait; the answers (ack, completion or error) go to {@code sink}. */
  public void waitFor(String tenantId, DurableSink sink, DurableWait wait) {
    loop.post(() -> scheduler.durableWaitFor(tenantId, sink, wait));
  }

  /** Re-sends the completions of the listed entries that are complete. */
  public void workerStatus(String tenantId, DurableSink sink, List<DurableWait.Awaited> awaited) {
    List<DurableWait.Awaited> copy = List.copyOf(awaited);
    loop.post(() -> scheduler.durableWorkerStatus(tenantId, sink, copy));
  }

  /** Records a memo (with its value, if given) and acks it, with the stored value on a replay. */
  public void memo(String tenantId, DurableSink sink, String taskRunId, int invocation, byte[] key,
      @Nullable byte[] value) {
    loop.post(() -> scheduler.durableMemo(tenantId, sink, taskRunId, invocation, key, value));
  }

  public void completeMemo(String tenantId, String taskRunId, long nodeId, byte[] value) {
    loop.post(() -> scheduler.durableCompleteMemo(tenantId, taskRunId, nodeId, value));
  }

  /** Starts child runs as entries of a durable task's log; each entry completes with its run's result. */
  public void triggerRuns(String tenantId, DurableSink sink, String taskRunId, int invocation,
      List<TriggerSpec> specs) {
    List<TriggerSpec> copy = List.copyOf(specs);
    loop.post(() -> scheduler.durableTriggerRuns(tenantId, sink, taskRunId, invocation, copy));
  }

  public void evict(String tenantId, DurableSink sink, String taskRunId, int invocation) {
    loop.post(() -> scheduler.durableEvict(tenantId, sink, taskRunId, invocation));
  }

  /** Queues an evicted durable task at once; completes with whether it was evicted. */
  public CompletableFuture<Boolean> restoreEvicted(String tenantId, String taskRunId) {
    return loop.call(() -> scheduler.restoreEvicted(tenantId, taskRunId));
  }
}
