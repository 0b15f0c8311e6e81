package io.hatchet4j.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowRunsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for workflow runs to finish over one shared {@code SubscribeToWorkflowRuns} stream.
 *
 * <p>Each awaited run id is written to the stream once; the engine answers with one event when the
 * run is finished. When the stream breaks, it is reopened with backoff and every id still awaited
 * is sent again, so a restarting engine loses no result. Not public API.
 */
final class RunListener {
  private static final Logger log = LoggerFactory.getLogger(RunListener.class);

  private final Connection connection;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
  private final Map<String, CompletableFuture<WorkflowRunEvent>> pending = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  // Guarded by lock.
  private StreamObserver<SubscribeToWorkflowRunsRequest> requests;
  private boolean reconnectScheduled;
  private boolean closed;

  RunListener(Connection connection, ScheduledExecutorService scheduler) {
    this.connection = connection;
    this.scheduler = scheduler;
  }

  /** Completes with the event the engine sends when run {@code runId} is finished. */
  CompletableFuture<WorkflowRunEvent> await(String runId) {
    CompletableFuture<WorkflowRunEvent> future = new CompletableFuture<>();
    CompletableFuture<WorkflowRunEvent> existing = pending.putIfAbsent(runId, future);
    if (existing != null) {
      return existing;
    }
    synchronized (lock) {
      if (closed) {
        pending.remove(runId);
        future.completeExceptionally(new IllegalStateException("the client is shut down"));
      } else if (requests == null) {
        if (!reconnectScheduled) {
          open();
        }
      } else {
        send(runId);
      }
    }
    return future;
  }

  // Called with lock held.
  private void open() {
    Subscription subscription = new Subscription();
    requests = connection.dispatcher().subscribeToWorkflowRuns(subscription);
    subscription.requests = requests;
    pending.keySet().forEach(this::send);
  }

  // Called with lock held: stream observers are not thread-safe.
  private void send(String runId) {
    requests.onNext(SubscribeToWorkflowRunsRequest.newBuilder().setWorkflowRunId(runId).build());
  }

  private void streamEnded(Subscription subscription, Throwable failure) {
    synchronized (lock) {
      if (requests != subscription.requests) {
        return;
      }
      requests = null;
      if (closed || pending.isEmpty()) {
        return;
      }
      if (failure != null && !GrpcErrors.isTransient(failure)
          && Status.fromThrowable(failure).getCode() != Status.Code.CANCELLED) {
        // The engine will refuse again (bad token, no such service): tell the waiters now.
        RuntimeException error = GrpcErrors.translate(failure, "waiting for workflow run results");
        pending.values().forEach(future -> future.completeExceptionally(error));
        pending.clear();
        return;
      }
      Duration delay = backoff.next();
      log.debug("run result stream ended ({}); reopening in {} ms", failure, delay.toMillis());
      reconnectScheduled = true;
      scheduler.schedule(this::reopen, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void reopen() {
    synchronized (lock) {
      reconnectScheduled = false;
      if (!closed && requests == null && !pending.isEmpty()) {
        open();
      }
    }
  }

  void close() {
    synchronized (lock) {
      closed = true;
      Streams.closeQuietly(requests);
      requests = null;
    }
    IllegalStateException shutDown = new IllegalStateException("the client is shut down");
    pending.values().forEach(future -> future.completeExceptionally(shutDown));
    pending.clear();
  }

  private final class Subscription implements StreamObserver<WorkflowRunEvent> {
    volatile StreamObserver<SubscribeToWorkflowRunsRequest> requests;

    @Override
    public void onNext(WorkflowRunEvent event) {
      backoff.reset();
      CompletableFuture<WorkflowRunEvent> future = pending.remove(event.getWorkflowRunId());
      if (future != null) {
        future.complete(event);
      }
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
