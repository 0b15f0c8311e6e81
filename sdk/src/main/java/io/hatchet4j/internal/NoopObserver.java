package io.hatchet4j.internal;

import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Observes a fire-and-forget call, logging a failure at debug level. Not public API. */
final class NoopObserver implements StreamObserver<Object> {
  private static final Logger log = LoggerFactory.getLogger(NoopObserver.class);
  private static final NoopObserver INSTANCE = new NoopObserver();

  @SuppressWarnings("unchecked")
  static <T> StreamObserver<T> instance() {
    return (StreamObserver<T>) (StreamObserver<?>) INSTANCE;
  }

  @Override
  public void onNext(Object value) {}

  @Override
  public void onError(Throwable failure) {
    log.debug("fire-and-forget call failed: {}", failure.getMessage());
  }

  @Override
  public void onCompleted() {}
}
