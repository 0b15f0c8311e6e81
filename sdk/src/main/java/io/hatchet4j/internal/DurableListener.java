package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.HatchetException;
import io.hatchet4j.NonRetryableException;
import io.hatchet4j.proto.v1.DurableEventListenerConditions;
import io.hatchet4j.proto.v1.DurableEventLogEntryRef;
import com.google.protobuf.ByteString;
import io.hatchet4j.proto.v1.DurableTaskAwaitedCompletedEntry;
import io.hatchet4j.proto.v1.DurableTaskCompleteMemoRequest;
import io.hatchet4j.proto.v1.DurableTaskEventMemoAckResponse;
import io.hatchet4j.proto.v1.DurableTaskEvictInvocationRequest;
import io.hatchet4j.proto.v1.DurableTaskMemoRequest;
import io.hatchet4j.proto.v1.DurableTaskRunAckEntry;
import io.hatchet4j.proto.v1.DurableTaskTriggerRunsRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.v1.DurableTaskErrorResponse;
import io.hatchet4j.proto.v1.DurableTaskEventLogEntryCompletedResponse;
import io.hatchet4j.proto.v1.DurableTaskRequest;
import io.hatchet4j.proto.v1.DurableTaskRequestRegisterWorker;
import io.hatchet4j.proto.v1.DurableTaskResponse;
import io.hatchet4j.proto.v1.DurableTaskWaitForRequest;
import io.hatchet4j.proto.v1.DurableTaskWorkerStatusRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of the engine's durable task stream ({@code v1.V1Dispatcher/DurableTask}).
 *
 * <p>A wait is sent as {@code wait_for}, a memo as {@code memo} (its value, once computed, as
 * {@code complete_memo}), durable children as {@code trigger_runs}, an eviction as {@code
 * evict_invocation}. The engine acknowledges each with the entry it stored in the task's event log,
 * and later reports waits and children completed. One request at a time per task invocation. Every second the worker lists the
 * entries it still awaits, so the engine re-sends completions a broken stream lost. Not public API.
 */
final class DurableListener {
  private static final Logger log = LoggerFactory.getLogger(DurableListener.class);
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** Where a wait stands in the engine's event log. */
  record EntryKey(String taskRunId, int invocation, long branchId, long nodeId) {
    static EntryKey of(DurableEventLogEntryRef ref) {
      return new EntryKey(ref.getDurableTaskExternalId(), ref.getInvocationCount(), ref.getBranchId(), ref.getNodeId());
    }
  }

  private record AckKey(String taskRunId, int invocation) {}

  /** An entry the engine completed as failed: a child run that failed, for example. */
  static final class EntryFailed extends HatchetException {
    private static final long serialVersionUID = 1L;
    private final String error;

    EntryFailed(String error) {
      super("durable wait failed: " + error);
      this.error = error;
    }

    /** The engine's error text. */
    String error() {
      return error;
    }
  }

  private final Connection connection;
  private final java.util.concurrent.ScheduledExecutorService scheduler;
  private final Supplier<String> workerId;
  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
  private final Map<AckKey, CompletableFuture<DurableTaskResponse>> pendingAcks = new ConcurrentHashMap<>();
  private final Map<EntryKey, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
  // Completions that arrive between the ack and the registration of their waiter.
  private final Map<EntryKey, DurableTaskEventLogEntryCompletedResponse> early = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  // Guarded by lock.
  private StreamObserver<DurableTaskRequest> requests;
  private ScheduledFuture<?> poller;
  private boolean closed;

  DurableListener(Connection connection, java.util.concurrent.ScheduledExecutorService scheduler, Supplier<String> workerId) {
    this.connection = connection;
    this.scheduler = scheduler;
    this.workerId = workerId;
  }

  void start() {
    synchronized (lock) {
      open();
      poller = scheduler.scheduleAtFixedRate(this::poll, POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  // Called with lock held.
  private void open() {
    Responses responses = new Responses();
    requests = connection.durable().durableTask(responses);
    responses.requests = requests;
    requests.onNext(
        DurableTaskRequest.newBuilder()
            .setRegisterWorker(DurableTaskRequestRegisterWorker.newBuilder().setWorkerId(workerId.get()))
            .build());
  }

  /**
   * Sends a wait and completes with the payload of the entry once the engine reports it
   * completed. One request at a time per task invocation.
   */
  CompletableFuture<JsonNode> waitFor(String taskRunId, int invocation, DurableEventListenerConditions conditions, String label) {
    DurableTaskWaitForRequest.Builder wait =
        DurableTaskWaitForRequest.newBuilder()
            .setInvocationCount(invocation)
            .setDurableTaskExternalId(taskRunId)
            .setWaitForConditions(conditions);
    if (label != null) {
      wait.setLabel(label);
    }
    return request(taskRunId, invocation, DurableTaskRequest.newBuilder().setWaitFor(wait).build())
        .thenCompose(ack -> awaitEntry(EntryKey.of(ack.getWaitForAck().getRef())));
  }

  /**
   * Records a memo entry for {@code key}; the ack says whether it existed and, if complete, holds
   * its value.
   */
  CompletableFuture<DurableTaskEventMemoAckResponse> memo(String taskRunId, int invocation, byte[] key) {
    DurableTaskMemoRequest memo = DurableTaskMemoRequest.newBuilder()
        .setInvocationCount(invocation)
        .setDurableTaskExternalId(taskRunId)
        .setKey(ByteString.copyFrom(key))
        .build();
    return request(taskRunId, invocation, DurableTaskRequest.newBuilder().setMemo(memo).build())
        .thenApply(DurableTaskResponse::getMemoAck);
  }

  /** Stores the value of a memo the engine recorded without one. */
  void completeMemo(DurableEventLogEntryRef ref, byte[] key, byte[] value) {
    send(DurableTaskRequest.newBuilder()
        .setCompleteMemo(DurableTaskCompleteMemoRequest.newBuilder()
            .setRef(ref)
            .setMemoKey(ByteString.copyFrom(key))
            .setPayload(ByteString.copyFrom(value)))
        .build());
  }

  /** Starts child runs through the task's event log; the ack lists each child's entry and run. */
  CompletableFuture<List<DurableTaskRunAckEntry>> triggerRuns(
      String taskRunId, int invocation, List<TriggerWorkflowRequest> triggers) {
    DurableTaskTriggerRunsRequest runs = DurableTaskTriggerRunsRequest.newBuilder()
        .setInvocationCount(invocation)
        .setDurableTaskExternalId(taskRunId)
        .addAllTriggerOpts(triggers)
        .build();
    return request(taskRunId, invocation, DurableTaskRequest.newBuilder().setTriggerRuns(runs).build())
        .thenApply(ack -> ack.getTriggerRunsAck().getRunEntriesList());
  }

  /** Tells the engine this worker gives up a waiting invocation; the engine runs it again when a wait completes. */
  void evict(String taskRunId, int invocation, String reason) {
    send(DurableTaskRequest.newBuilder()
        .setEvictInvocation(DurableTaskEvictInvocationRequest.newBuilder()
            .setInvocationCount(invocation)
            .setDurableTaskExternalId(taskRunId)
            .setReason(reason))
        .build());
  }

  /** Completes with the payload of entry {@code node} once the engine reports it completed. */
  CompletableFuture<JsonNode> awaitEntry(String taskRunId, int invocation, long branchId, long nodeId) {
    return awaitEntry(new EntryKey(taskRunId, invocation, branchId, nodeId));
  }

  /** Sends a request the engine answers with an ack (or an error) for this task invocation. */
  private CompletableFuture<DurableTaskResponse> request(String taskRunId, int invocation, DurableTaskRequest request) {
    AckKey ackKey = new AckKey(taskRunId, invocation);
    CompletableFuture<DurableTaskResponse> ack = new CompletableFuture<>();
    if (pendingAcks.putIfAbsent(ackKey, ack) != null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("task run " + taskRunId + " already has a durable request in flight"));
    }
    try {
      send(request);
    } catch (RuntimeException e) {
      pendingAcks.remove(ackKey, ack);
      return CompletableFuture.failedFuture(e);
    }
    return ack;
  }

  private CompletableFuture<JsonNode> awaitEntry(EntryKey entry) {
    CompletableFuture<JsonNode> done = awaited.computeIfAbsent(entry, key -> new CompletableFuture<>());
    DurableTaskEventLogEntryCompletedResponse already = early.remove(entry);
    if (already != null) {
      complete(entry, already);
    }
    // The caller abandoning the wait (cancel, interrupt) must not leave it polled forever.
    done.whenComplete((payload, failure) -> awaited.remove(entry, done));
    return done;
  }

  private void send(DurableTaskRequest request) {
    synchronized (lock) {
      if (closed || requests == null) {
        throw new HatchetException("the durable task stream is not connected");
      }
      requests.onNext(request);
    }
  }

  private void poll() {
    if (awaited.isEmpty()) {
      return;
    }
    DurableTaskWorkerStatusRequest.Builder status = DurableTaskWorkerStatusRequest.newBuilder().setWorkerId(workerId.get());
    for (EntryKey entry : awaited.keySet()) {
      status.addWaitingEntries(
          DurableTaskAwaitedCompletedEntry.newBuilder()
              .setDurableTaskExternalId(entry.taskRunId())
              .setInvocationCount(entry.invocation())
              .setBranchId(entry.branchId())
              .setNodeId(entry.nodeId()));
    }
    try {
      send(DurableTaskRequest.newBuilder().setWorkerStatus(status).build());
    } catch (RuntimeException e) {
      log.debug("durable status poll skipped: {}", e.getMessage());
    }
  }

  private void onResponse(DurableTaskResponse response) {
    switch (response.getMessageCase()) {
      case WAIT_FOR_ACK:
        acknowledged(response.getWaitForAck().getRef().getDurableTaskExternalId(),
            response.getWaitForAck().getRef().getInvocationCount(), response);
        break;
      case MEMO_ACK:
        acknowledged(response.getMemoAck().getRef().getDurableTaskExternalId(),
            response.getMemoAck().getRef().getInvocationCount(), response);
        break;
      case TRIGGER_RUNS_ACK:
        acknowledged(response.getTriggerRunsAck().getDurableTaskExternalId(),
            response.getTriggerRunsAck().getInvocationCount(), response);
        break;
      case ENTRY_COMPLETED:
        DurableTaskEventLogEntryCompletedResponse completed = response.getEntryCompleted();
        EntryKey key = EntryKey.of(completed.getRef());
        if (awaited.containsKey(key)) {
          complete(key, completed);
        } else {
          early.put(key, completed);
        }
        break;
      case ERROR:
        fail(response.getError());
        break;
      case SERVER_EVICT:
        log.warn("engine evicted durable task run {} (invocation {}): {}",
            response.getServerEvict().getDurableTaskExternalId(),
            response.getServerEvict().getInvocationCount(),
            response.getServerEvict().getReason());
        break;
      default:
        // register_worker and eviction acks: nothing waits for them.
        break;
    }
  }

  private void acknowledged(String taskRunId, int invocation, DurableTaskResponse response) {
    CompletableFuture<DurableTaskResponse> ack = pendingAcks.remove(new AckKey(taskRunId, invocation));
    if (ack != null) {
      ack.complete(response);
    }
  }

  private void complete(EntryKey key, DurableTaskEventLogEntryCompletedResponse completed) {
    CompletableFuture<JsonNode> waiter = awaited.get(key);
    if (waiter == null) {
      return;
    }
    if (completed.getIsFailure()) {
      waiter.completeExceptionally(new EntryFailed(completed.getErrorMessage()));
      return;
    }
    try {
      waiter.complete(Json.parse(completed.getPayload().toStringUtf8()));
    } catch (java.io.IOException e) {
      waiter.completeExceptionally(new HatchetException("durable wait completed with a payload that is not JSON", e));
    }
  }

  private void fail(DurableTaskErrorResponse error) {
    DurableEventLogEntryRef ref = error.getRef();
    RuntimeException failure =
        new NonRetryableException("durable task " + ref.getDurableTaskExternalId() + ": " + error.getErrorType() + ": " + error.getErrorMessage());
    CompletableFuture<DurableTaskResponse> ack = pendingAcks.remove(new AckKey(ref.getDurableTaskExternalId(), ref.getInvocationCount()));
    if (ack != null) {
      ack.completeExceptionally(failure);
    }
    CompletableFuture<JsonNode> waiter = awaited.get(EntryKey.of(ref));
    if (waiter != null) {
      waiter.completeExceptionally(failure);
    }
  }

  private void streamEnded(Responses responses, Throwable failure) {
    synchronized (lock) {
      if (responses.requests != requests || closed) {
        return;
      }
      requests = null;
      // A wait whose ack was lost cannot be matched to its entry any more: fail it, and the
      // engine retries the task, whose replay resumes the stored waits.
      HatchetException lost = new HatchetException("the durable task stream broke before the engine acknowledged the wait", failure);
      pendingAcks.values().forEach(ack -> ack.completeExceptionally(lost));
      pendingAcks.clear();
      Duration delay = backoff.next();
      log.warn("durable task stream ended ({}); reconnecting in {} ms", failure == null ? "closed by the engine" : failure.getMessage(), delay.toMillis());
      scheduler.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void reconnect() {
    synchronized (lock) {
      if (closed || requests != null) {
        return;
      }
      try {
        open();
      } catch (RuntimeException e) {
        log.warn("durable task stream could not reconnect: {}", e.getMessage());
        scheduler.schedule(this::reconnect, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
    }
    poll();
  }

  void close() {
    synchronized (lock) {
      closed = true;
      if (poller != null) {
        poller.cancel(false);
      }
      Streams.closeQuietly(requests);
      requests = null;
    }
    HatchetException stopped = new HatchetException("the worker stopped");
    pendingAcks.values().forEach(ack -> ack.completeExceptionally(stopped));
    awaited.values().forEach(waiter -> waiter.completeExceptionally(stopped));
  }

  private final class Responses implements StreamObserver<DurableTaskResponse> {
    volatile StreamObserver<DurableTaskRequest> requests;

    @Override
    public void onNext(DurableTaskResponse response) {
      backoff.reset();
      onResponse(response);
    }

    @Override
    public void onError(Throwable failure) {
      streamEnded(this, failure);
    }

    @Override
    public void onCompleted() {
      streamEnded(this, null);
    }
  }
}
