package io.hatchet4j.engine.internal.dispatch;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;

/**
 * A server stream that any thread may write to: writes are serialized, and messages wait in a
 * bounded buffer while the client is not ready for more (gRPC flow control).
 *
 * <p>Must be created inside the service method that received {@code observer}, which is when gRPC
 * accepts the ready and cancel handlers. A client that stops reading until the buffer is full loses
 * the stream with {@code RESOURCE_EXHAUSTED} rather than the engine its memory.
 */
final class OutboundStream<T> {
  static final int MAX_BUFFERED = 10_000;

  private final ServerCallStreamObserver<T> call;
  private final ArrayDeque<T> buffered = new ArrayDeque<>();
  private boolean finished;
  private boolean completeWhenDrained;

  /**
   * @param onCancel runs once if the client cancels or disconnects, outside any lock
   */
  OutboundStream(StreamObserver<T> observer, Runnable onCancel) {
    this.call = (ServerCallStreamObserver<T>) observer;
    call.setOnReadyHandler(this::drain);
    call.setOnCancelHandler(() -> {
      synchronized (this) {
        finished = true;
        buffered.clear();
      }
      onCancel.run();
    });
  }

  /** Queues a message; returns false if the stream is finished and the message was dropped. */
  synchronized boolean send(T message) {
    if (finished || completeWhenDrained) {
      return false;
    }
    if (buffered.size() >= MAX_BUFFERED) {
      fail(Status.RESOURCE_EXHAUSTED.withDescription("the client does not read this stream"));
      return false;
    }
    buffered.add(message);
    drain();
    return true;
  }

  /** Ends the stream normally once the buffered messages are out. */
  synchronized void complete() {
    if (!finished) {
      completeWhenDrained = true;
      drain();
    }
  }

  /** Ends the stream with an error at once, dropping buffered messages. */
  synchronized void fail(Status status) {
    if (finished) {
      return;
    }
    finished = true;
    buffered.clear();
    try {
      call.onError(status.asRuntimeException());
    } catch (StatusRuntimeException | IllegalStateException e) {
      // Already cancelled by the client; nothing to tell it.
    }
  }

  synchronized boolean isOpen() {
    return !finished && !completeWhenDrained;
  }

  private synchronized void drain() {
    try {
      while (!finished && !buffered.isEmpty() && call.isReady()) {
        call.onNext(buffered.poll());
      }
      if (!finished && completeWhenDrained && buffered.isEmpty()) {
        finished = true;
        call.onCompleted();
      }
    } catch (StatusRuntimeException | IllegalStateException e) {
      // The call ended under us (client cancelled); the cancel handler cleans up.
      finished = true;
      buffered.clear();
    }
  }
}
