package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.proto.dispatcher.UpsertWorkerLabelsRequest;
import io.hatchet4j.proto.dispatcher.WorkerLabels;
import io.hatchet4j.workflow.WorkerContext;
import java.util.Map;

/** The worker of a running task: its id and {@code UpsertWorkerLabels}. Not public API. */
final class RealWorkerContext implements WorkerContext {
  private final String workerId;
  private final ClientRuntime runtime;

  RealWorkerContext(String workerId, ClientRuntime runtime) {
    this.workerId = workerId;
    this.runtime = runtime;
  }

  @Override
  public String id() {
    return workerId;
  }

  @Override
  public void upsertLabels(Map<String, ?> labels) {
    UpsertWorkerLabelsRequest request = toProto(workerId, labels);
    String operation = "upserting labels of worker " + workerId;
    runtime.unary(operation, Retrier.Replay.ALWAYS,
        () -> runtime.connection().dispatcherBlocking().upsertWorkerLabels(request));
  }

  /** Text values as {@code str_value}, whole numbers as {@code int_value}, as the official SDKs send them. */
  static UpsertWorkerLabelsRequest toProto(String workerId, Map<String, ?> labels) {
    requireNonNull(labels, "labels");
    UpsertWorkerLabelsRequest.Builder request = UpsertWorkerLabelsRequest.newBuilder().setWorkerId(workerId);
    labels.forEach((key, value) -> {
      requireNonNull(key, "label key");
      if (value instanceof String text) {
        request.putLabels(key, WorkerLabels.newBuilder().setStrValue(text).build());
      } else if (value instanceof Integer number) {
        request.putLabels(key, WorkerLabels.newBuilder().setIntValue(number).build());
      } else {
        throw new IllegalArgumentException("label " + key + " must be a String or an Integer, got "
            + (value == null ? "null" : value.getClass().getSimpleName()));
      }
    });
    return request.build();
  }
}
