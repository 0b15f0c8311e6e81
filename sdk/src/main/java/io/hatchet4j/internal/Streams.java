package io.hatchet4j.internal;

import io.grpc.stub.StreamObserver;

/** Helpers for the client side of gRPC streams. Not public API. */
final class Streams {
  private Streams() {}

  /** Half-closes a request stream, ignoring a stream that is already broken. */
  static void closeQuietly(StreamObserver<?> requests) {
    if (requests == null) {
      return;
    }
    try {
      requests.onCompleted();
    } catch (RuntimeException alreadyBroken) {
      // Nothing left to close.
    }
  }
}
