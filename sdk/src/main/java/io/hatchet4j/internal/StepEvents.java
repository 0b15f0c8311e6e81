package io.hatchet4j.internal;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.ActionEventResponse;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.StepActionEvent;
import io.hatchet4j.proto.dispatcher.StepActionEventType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what happened to a task run: started, completed, failed.
 *
 * <p>Sends without blocking the task's thread and retries transient failures with backoff, for
 * about a minute, as the official SDKs do: a result that never arrives would make the engine time
 * the run out. Not public API.
 */
final class StepEvents {
  private static final Logger log = LoggerFactory.getLogger(StepEvents.class);
  private static final int MAX_ATTEMPTS = 12;

  private final Connection connection;
  private final ScheduledExecutorService scheduler;

  StepEvents(Connection connection, ScheduledExecutorService scheduler) {
    this.connection = connection;
    this.scheduler = scheduler;
  }

  /** Sends an event about {@code action}; completes when the engine acknowledged it or gave up. */
  CompletableFuture<Void> send(String workerId, AssignedAction action, StepActionEventType type, String payload, boolean shouldNotRetry) {
    StepActionEvent.Builder event =
        StepActionEvent.newBuilder()
            .setWorkerId(workerId)
            .setJobId(action.getJobId())
            .setJobRunId(action.getJobRunId())
            .setTaskId(action.getTaskId())
            .setTaskRunExternalId(action.getTaskRunExternalId())
            .setActionId(action.getActionId())
            .setEventTimestamp(Timestamps.now())
            .setEventType(type)
            .setEventPayload(payload)
            .setRetryCount(action.getRetryCount());
    if (shouldNotRetry) {
      event.setShouldNotRetry(true);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    attempt(event.build(), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)), done);
    return done;
  }

  private void attempt(StepActionEvent event, Backoff backoff, CompletableFuture<Void> done) {
    connection
        .dispatcher()
        .withDeadlineAfter(Connection.DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .sendStepActionEvent(
            event,
            new StreamObserver<ActionEventResponse>() {
              @Override
              public void onNext(ActionEventResponse response) {}

              @Override
              public void onError(Throwable failure) {
                if (GrpcErrors.isTransient(failure) && backoff.attempts() < MAX_ATTEMPTS && !scheduler.isShutdown()) {
                  Duration delay = backoff.next();
                  log.debug("sending {} for task run {} failed ({}); retrying in {} ms",
                      event.getEventType(), event.getTaskRunExternalId(), failure.getMessage(), delay.toMillis());
                  try {
                    scheduler.schedule(() -> attempt(event, backoff, done), delay.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                  } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                    // fall through: the client is closing
                  }
                }
                log.warn("could not report {} for task run {}: {}",
                    event.getEventType(), event.getTaskRunExternalId(), failure.getMessage());
                done.complete(null);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
  }
}
