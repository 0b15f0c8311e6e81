package io.hatchet4j.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.hatchet4j.proto.v1.IdempotencyCollisionError;
import java.util.Optional;

/**
 * The engine's answer to a trigger whose workflow's idempotency key is already taken: {@code
 * ALREADY_EXISTS}, message {@code idempotency key collision}, and a {@code
 * v1.IdempotencyCollisionError} detail naming the run that holds the key. Not public API.
 */
final class IdempotencyCollision {
  static final String MESSAGE = "idempotency key collision";

  private IdempotencyCollision() {}

  /** The id of the run that holds the key, if {@code failure} is such a collision. */
  static Optional<String> existingRunId(StatusRuntimeException failure) {
    Status status = failure.getStatus();
    if (status.getCode() != Status.Code.ALREADY_EXISTS || !MESSAGE.equals(status.getDescription())) {
      return Optional.empty();
    }
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    if (details == null) {
      return Optional.empty();
    }
    for (Any detail : details.getDetailsList()) {
      if (detail.is(IdempotencyCollisionError.class)) {
        try {
          String existing = detail.unpack(IdempotencyCollisionError.class).getExistingRunExternalId();
          return existing.isEmpty() ? Optional.empty() : Optional.of(existing);
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
