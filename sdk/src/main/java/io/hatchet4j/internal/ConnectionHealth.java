package io.hatchet4j.internal;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.HeartbeatResponse;
import io.hatchet4j.worker.WorkerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a running worker's link to the engine holds: its action stream is open and the engine
 * answers its heartbeats, as the official SDKs judge a worker healthy. Not public API.
 */
final class ConnectionHealth {
  private static final Logger log = LoggerFactory.getLogger(ConnectionHealth.class);

  private final String workerName;
  private volatile boolean listening;
  private volatile Boolean heartbeatSucceeded; // null until the first heartbeat is answered

  ConnectionHealth(String workerName) {
    this.workerName = workerName;
  }

  void listening(boolean open) {
    listening = open;
  }

  /** Observes one heartbeat call. */
  StreamObserver<HeartbeatResponse> heartbeatObserver() {
    return new StreamObserver<>() {
      @Override
      public void onNext(HeartbeatResponse response) {
        heartbeatSucceeded = true;
      }

      @Override
      public void onError(Throwable failure) {
        // Expected while the action stream reconnects; that stream recovers it.
        heartbeatSucceeded = false;
        log.debug("worker {}: heartbeat failed: {}", workerName, failure.getMessage());
      }

      @Override
      public void onCompleted() {}
    };
  }

  /** The status of a running worker: starting until the first heartbeat is answered. */
  WorkerStatus status() {
    Boolean heartbeat = heartbeatSucceeded;
    if (heartbeat == null) {
      return WorkerStatus.STARTING;
    }
    return listening && heartbeat ? WorkerStatus.HEALTHY : WorkerStatus.UNHEALTHY;
  }
}
