package io.hatchet4j.engine.internal.dispatch;

import static io.hatchet4j.engine.internal.auth.AuthInterceptor.currentTenantId;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unary;
import static io.hatchet4j.engine.internal.dispatch.GrpcCalls.unimplemented;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.checks.TaskOutputChecks;
import io.hatchet4j.engine.internal.checks.TriggerChecks;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.runs.EventSpec;
import io.hatchet4j.engine.internal.runs.LogSpec;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.proto.events.BulkPushEventRequest;
import io.hatchet4j.proto.events.Event;
import io.hatchet4j.proto.events.Events;
import io.hatchet4j.proto.events.EventsServiceGrpc;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.events.PutLogRequest;
import io.hatchet4j.proto.events.PutLogResponse;
import io.hatchet4j.proto.events.PutStreamEventRequest;
import io.hatchet4j.proto.events.PutStreamEventResponse;
import io.hatchet4j.proto.events.ReplayEventRequest;
import java.util.List;

/**
 * The v0 {@code EventsService}: user events that trigger workflows, task logs and task output
 * streams.
 *
 * <p>Thread-safe.
 */
final class GrpcEvents extends EventsServiceGrpc.EventsServiceImplBase {
  private final Orchestrator orchestrator;

  GrpcEvents(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public void push(PushEventRequest request, StreamObserver<Event> observer) {
    String tenantId = currentTenantId();
    unary(observer, () -> {
      TriggerChecks.check(request);
      return orchestrator.pushEvents(tenantId, List.of(eventSpec(request))).thenApply(events -> event(events.get(0)));
    });
  }

  @Override
  public void bulkPush(BulkPushEventRequest request, StreamObserver<Events> observer) {
    String tenantId = currentTenantId();
    List<EventSpec> specs = request.getEventsList().stream().map(GrpcEvents::eventSpec).toList();
    unary(observer, () -> {
      TriggerChecks.check(request);
      return orchestrator.pushEvents(tenantId, specs).thenApply(events -> Events.newBuilder()
          .addAllEvents(events.stream().map(GrpcEvents::event).toList())
          .build());
    });
  }

  @Override
  public void replaySingleEvent(ReplayEventRequest request, StreamObserver<Event> observer) {
    unimplemented(observer, "replaying events");
  }

  @Override
  public void putLog(PutLogRequest request, StreamObserver<PutLogResponse> observer) {
    String tenantId = currentTenantId();
    LogSpec spec = new LogSpec(
        request.getTaskRunExternalId(),
        request.hasCreatedAt() ? Protos.epochMs(request.getCreatedAt()) : null,
        request.getMessage(),
        request.hasLevel() ? request.getLevel() : null,
        request.getMetadata(),
        request.hasTaskRetryCount() ? request.getTaskRetryCount() : null);
    unary(observer, () -> {
      TaskOutputChecks.check(request);
      return orchestrator.putLog(tenantId, spec).thenApply(ignored -> PutLogResponse.getDefaultInstance());
    });
  }

  @Override
  public void putStreamEvent(PutStreamEventRequest request, StreamObserver<PutStreamEventResponse> observer) {
    String tenantId = currentTenantId();
    long createdAt = request.hasCreatedAt() ? Protos.epochMs(request.getCreatedAt()) : orchestrator.nowMs();
    unary(observer, () -> {
      TaskOutputChecks.check(request);
      return orchestrator.streamEvent(
            tenantId,
            request.getTaskRunExternalId(),
            request.getMessage().toString(UTF_8),
            request.hasEventIndex() ? request.getEventIndex() : null,
            createdAt)
        .thenApply(ignored -> PutStreamEventResponse.getDefaultInstance());
    });
  }

  private static EventSpec eventSpec(PushEventRequest request) {
    return new EventSpec(
        request.getKey(),
        request.getPayload(),
        request.hasAdditionalMetadata() ? request.getAdditionalMetadata() : null,
        request.hasPriority() ? request.getPriority() : null,
        request.hasScope() ? request.getScope() : null);
  }

  private static Event event(EventRecord event) {
    Event.Builder b = Event.newBuilder()
        .setTenantId(event.tenantId())
        .setEventId(event.id())
        .setKey(event.key())
        .setPayload(event.payload())
        .setEventTimestamp(Protos.timestamp(event.createdAtMs()))
        .setAdditionalMetadata(event.additionalMetadata());
    if (event.scope() != null) {
      b.setScope(event.scope());
    }
    return b.build();
  }
}
