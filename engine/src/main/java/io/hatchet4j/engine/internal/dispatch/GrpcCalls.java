package io.hatchet4j.engine.internal.dispatch;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.EngineException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bridges the run engine's futures to gRPC observers and its errors to gRPC statuses. */
final class GrpcCalls {
  private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

  private GrpcCalls() {}

  /**
   * Answers a unary call with what {@code body} produces. Errors thrown by {@code body} itself (bad
   * input found while converting the request) are answered the same way as failed futures.
   */
  static <T> void unary(StreamObserver<T> observer, Supplier<CompletableFuture<T>> body) {
    CompletableFuture<T> future;
    try {
      future = body.get();
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((value, error) -> {
      try {
        if (error != null) {
          observer.onError(toStatus(error));
        } else {
          observer.onNext(value);
          observer.onCompleted();
        }
      } catch (StatusRuntimeException | IllegalStateException e) {
        // The client went away before the answer; nothing to do.
      }
    });
  }

  /** Answers a call with UNIMPLEMENTED and says what this engine does not do. */
  static void unimplemented(StreamObserver<?> observer, String what) {
    observer.onError(unimplemented(what).asRuntimeException());
  }

  static Status unimplemented(String what) {
    return Status.UNIMPLEMENTED.withDescription(what + " is not supported by the hatchet4j engine yet");
  }

  /**
   * The status for an error: the engine's expected errors keep their message, anything else is a
   * bug and is logged with its stack trace and reported as INTERNAL.
   */
  static StatusRuntimeException toStatus(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof EngineException) {
      EngineException e = (EngineException) cause;
      e.logReason().ifPresent(reason -> log.error("{}", reason));
      return status(e.kind()).withDescription(e.getMessage()).asRuntimeException();
    }
    if (cause instanceof StatusRuntimeException) {
      return (StatusRuntimeException) cause;
    }
    log.error("internal engine error", cause);
    return Status.INTERNAL.withDescription("internal engine error: " + cause).asRuntimeException();
  }

  static Status status(EngineException.Kind kind) {
    switch (kind) {
      case INVALID_ARGUMENT:
        return Status.INVALID_ARGUMENT;
      case NOT_FOUND:
        return Status.NOT_FOUND;
      case FAILED_PRECONDITION:
        return Status.FAILED_PRECONDITION;
      case ALREADY_EXISTS:
        return Status.ALREADY_EXISTS;
      case UNAUTHENTICATED:
        return Status.UNAUTHENTICATED;
      case RESOURCE_EXHAUSTED:
        return Status.RESOURCE_EXHAUSTED;
      case INTERNAL:
        return Status.INTERNAL;
      default:
        return Status.UNAVAILABLE;
    }
  }
}
