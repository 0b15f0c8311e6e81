package io.hatchet4j.engine.internal.dispatch;

import io.grpc.MethodDescriptor;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.PayloadLimit;
import io.hatchet4j.proto.events.BulkPushEventRequest;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DurableTaskRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRunRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.PutWorkflowRequest;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import java.io.InputStream;
import java.util.List;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every gRPC request message before a service sees it.
 *
 * <ul>
 *   <li>Bytes that are not the method's protobuf message are answered INVALID_ARGUMENT and logged
 *       in one line (grpc-java itself would answer UNKNOWN and log a stack trace).
 *   <li>Inputs and additional metadata of runs, schedules, crons and events over the {@link
 *       PayloadLimit} are answered INVALID_ARGUMENT naming the limit, on every method that creates
 *       them, so nothing is accepted that a worker could not receive.
 * </ul>
 *
 * <p>Not public API. A refused stream is closed; the service sees it cancelled.
 */
final class RequestGuard {
  private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);

  private RequestGuard() {}

  /** A request that did not parse, in place of the message. */
  private record Malformed(String reason) {}

  /** Returns the service with every method's requests checked. */
  static ServerServiceDefinition guard(ServerServiceDefinition service, PayloadLimit limit) {
    ServerServiceDefinition.Builder guarded =
        ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      guarded.addMethod(guard(method, limit));
    }
    return guarded.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<Object, RespT> guard(ServerMethodDefinition<ReqT, RespT> method,
      PayloadLimit limit) {
    MethodDescriptor<ReqT, RespT> descriptor = method.getMethodDescriptor();
    MethodDescriptor<Object, RespT> lenient = descriptor.toBuilder(
        new Lenient<>(descriptor.getRequestMarshaller()), descriptor.getResponseMarshaller()).build();
    ServerCallHandler<ReqT, RespT> next = method.getServerCallHandler();
    ServerCallHandler<Object, RespT> handler = (call, headers) -> {
      @SuppressWarnings("unchecked") // the messages the call carries are ReqT once checked
      ServerCall<ReqT, RespT> typed = (ServerCall<ReqT, RespT>) (ServerCall<?, ?>) call;
      return new Checked<>(call, next.startCall(typed, headers), limit);
    };
    return ServerMethodDefinition.create(lenient, handler);
  }

  /** Parses as the method's marshaller does, but hands a failure on as a {@link Malformed} value. */
  private static final class Lenient<T> implements MethodDescriptor.Marshaller<Object> {
    private final MethodDescriptor.Marshaller<T> strict;

    Lenient(MethodDescriptor.Marshaller<T> strict) {
      this.strict = strict;
    }

    @Override
    @SuppressWarnings("unchecked")
    public InputStream stream(Object value) {
      return strict.stream((T) value);
    }

    @Override
    public Object parse(InputStream stream) {
      try {
        return strict.parse(stream);
      } catch (RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new Malformed(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
      }
    }
  }

  private static final class Checked<ReqT, RespT> extends ServerCall.Listener<Object> {
    private final ServerCall<Object, RespT> call;
    private final ServerCall.Listener<ReqT> next;
    private final PayloadLimit limit;
    private boolean refused;

    Checked(ServerCall<Object, RespT> call, ServerCall.Listener<ReqT> next, PayloadLimit limit) {
      this.call = call;
      this.next = next;
      this.limit = limit;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onMessage(Object message) {
      if (refused) {
        return;
      }
      String method = call.getMethodDescriptor().getFullMethodName();
      String problem;
      if (message instanceof Malformed) {
        problem = "malformed " + method + " request: " + ((Malformed) message).reason();
        log.info("refused a {} request that is not valid protobuf: {}", method, ((Malformed) message).reason());
      } else {
        problem = payloadProblem(message, limit);
      }
      if (problem != null) {
        refused = true;
        try {
          call.close(Status.INVALID_ARGUMENT.withDescription(problem), new Metadata());
        } catch (IllegalStateException e) {
          // Already closed, by authentication: that answer stands.
        }
        return;
      }
      next.onMessage((ReqT) message);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        next.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        next.onReady();
      }
    }

    @Override
    public void onCancel() {
      next.onCancel();
    }

    @Override
    public void onComplete() {
      if (refused) {
        next.onCancel(); // the service never saw the request through; let it clean up
      } else {
        next.onComplete();
      }
    }
  }

  /** Why a request's inputs are too large, or null if they fit. */
  @Nullable
  static String payloadProblem(Object message, PayloadLimit limit) {
    try {
      check(message, limit);
      return null;
    } catch (EngineException e) {
      return e.getMessage();
    }
  }

  private static void check(Object message, PayloadLimit limit) {
    if (message instanceof TriggerWorkflowRequest) {
      check((TriggerWorkflowRequest) message, "the run", limit);
    } else if (message instanceof BulkTriggerWorkflowRequest) {
      checkAll(((BulkTriggerWorkflowRequest) message).getWorkflowsList(), limit);
    } else if (message instanceof TriggerWorkflowRunRequest) {
      TriggerWorkflowRunRequest r = (TriggerWorkflowRunRequest) message;
      limit.check("the run", r.getInput().size(), r.getAdditionalMetadata().size());
    } else if (message instanceof ScheduleWorkflowRequest) {
      ScheduleWorkflowRequest r = (ScheduleWorkflowRequest) message;
      limit.check("the scheduled run", r.getInputBytes().size(), r.getAdditionalMetadataBytes().size());
    } else if (message instanceof PushEventRequest) {
      check((PushEventRequest) message, "the event", limit);
    } else if (message instanceof BulkPushEventRequest) {
      List<PushEventRequest> events = ((BulkPushEventRequest) message).getEventsList();
      for (int i = 0; i < events.size(); i++) {
        check(events.get(i), "event " + i, limit);
      }
    } else if (message instanceof PutWorkflowRequest) {
      limit.check("the workflow's crons", ((PutWorkflowRequest) message).getOpts().getCronInputBytes().size(), 0);
    } else if (message instanceof CreateWorkflowVersionRequest) {
      limit.check("the workflow's crons", ((CreateWorkflowVersionRequest) message).getCronInputBytes().size(), 0);
    } else if (message instanceof DurableTaskRequest && ((DurableTaskRequest) message).hasTriggerRuns()) {
      checkAll(((DurableTaskRequest) message).getTriggerRuns().getTriggerOptsList(), limit);
    }
  }

  private static void checkAll(List<TriggerWorkflowRequest> triggers, PayloadLimit limit) {
    for (int i = 0; i < triggers.size(); i++) {
      check(triggers.get(i), triggers.size() == 1 ? "the run" : "run " + i, limit);
    }
  }

  private static void check(TriggerWorkflowRequest r, String what, PayloadLimit limit) {
    limit.check(what, r.getInputBytes().size(), r.getAdditionalMetadataBytes().size());
  }

  private static void check(PushEventRequest r, String what, PayloadLimit limit) {
    limit.check(what, r.getPayloadBytes().size(), r.getAdditionalMetadataBytes().size());
  }
}
