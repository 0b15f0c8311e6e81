package io.hatchet4j.engine.internal.dispatch;

import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unimplemented;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.v1.DurableEvent;
import io.hatchet4j.proto.v1.DurableTaskRequest;
import io.hatchet4j.proto.v1.DurableTaskResponse;
import io.hatchet4j.proto.v1.ListenForDurableEventRequest;
import io.hatchet4j.proto.v1.RegisterDurableEventRequest;
import io.hatchet4j.proto.v1.RegisterDurableEventResponse;
import io.hatchet4j.proto.v1.V1DispatcherGrpc;

/**
 * The v1 {@code V1Dispatcher}: durable task waits. Registered so SDKs get a clear answer; durable
 * tasks still run, but their waits (sleep, wait for event) are not supported yet.
 *
 * <p>Thread-safe.
 */
final class GrpcV1Dispatcher extends V1DispatcherGrpc.V1DispatcherImplBase {
  private static final String DURABLE_WAITS = "durable task waits (sleep_for, wait_for and durable child runs)";

  @Override
  public StreamObserver<DurableTaskRequest> durableTask(StreamObserver<DurableTaskResponse> observer) {
    unimplemented(observer, DURABLE_WAITS);
    return ignoring();
  }

  @Override
  public void registerDurableEvent(RegisterDurableEventRequest request, StreamObserver<RegisterDurableEventResponse> observer) {
    unimplemented(observer, DURABLE_WAITS);
  }

  @Override
  public StreamObserver<ListenForDurableEventRequest> listenForDurableEvent(StreamObserver<DurableEvent> observer) {
    unimplemented(observer, DURABLE_WAITS);
    return ignoring();
  }

  private static <T> StreamObserver<T> ignoring() {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
