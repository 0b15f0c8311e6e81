package io.hatchet4j.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.EngineException;
import io.hatchet4j.HatchetException;

/** Turns gRPC failures into the SDK's exceptions, with messages a user can act on. Not public API. */
public final class GrpcErrors {
  private GrpcErrors() {}

  /** The exception to throw for a failed call; {@code operation} says what was attempted. */
  public static HatchetException translate(Throwable failure, String operation) {
    if (failure instanceof HatchetException) {
      return (HatchetException) failure;
    }
    Status status = Status.fromThrowable(failure);
    if (status.getCode() == Status.Code.UNKNOWN && !(failure instanceof StatusRuntimeException)) {
      return new HatchetException(operation + " failed: " + failure, failure);
    }
    String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
    String hint = "";
    switch (status.getCode()) {
      case UNAUTHENTICATED:
        hint = " (the engine does not accept this token; check HATCHET_CLIENT_TOKEN)";
        break;
      case UNAVAILABLE:
        hint = " (is the engine running and reachable, with the right HATCHET_CLIENT_TLS_STRATEGY?)";
        break;
      case ALREADY_EXISTS:
        if (failure instanceof StatusRuntimeException) {
          hint = IdempotencyCollision.existingRunId((StatusRuntimeException) failure)
              .map(run -> " (run " + run + " holds the workflow's idempotency key)")
              .orElse("");
        }
        break;
      default:
        break;
    }
    return new EngineException(
        status.getCode().name(), operation + " failed with " + status.getCode() + detail + hint, failure);
  }

  /** Whether a call that failed this way may succeed if sent again. */
  public static boolean isTransient(Throwable failure) {
    Status.Code code = Status.fromThrowable(failure).getCode();
    return code == Status.Code.UNAVAILABLE
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.RESOURCE_EXHAUSTED
        || code == Status.Code.ABORTED
        || code == Status.Code.INTERNAL;
  }
}
