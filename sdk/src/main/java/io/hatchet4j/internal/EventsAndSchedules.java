package io.hatchet4j.internal;

import io.hatchet4j.BulkEvent;
import io.hatchet4j.EngineException;
import io.hatchet4j.HatchetException;
import io.hatchet4j.PushOptions;
import io.hatchet4j.PushedEvent;
import io.hatchet4j.ScheduledRun;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.proto.events.BulkPushEventRequest;
import io.hatchet4j.proto.events.Event;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import io.hatchet4j.proto.workflows.ScheduledWorkflow;
import io.hatchet4j.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events and schedules over gRPC: the triggers besides running a workflow directly ({@link RestCrons}
 * and {@link RestSchedules} do the rest).
 * Not public API.
 */
public final class EventsAndSchedules {
  /** The most events one bulk push carries, as the engine allows. */
  public static final int MAX_BULK_EVENTS = 1000;

  private final ClientRuntime runtime;

  public EventsAndSchedules(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  // --- events -------------------------------------------------------------------------------

  /** Pushes one event through the interceptors. */
  public PushedEvent push(String key, Object payload, PushOptions options) {
    EventPush push = newPush(key, payload, options);
    String id =
        ClientRuntime.call(
            "pushing event " + push.key(),
            () -> runtime.interceptors().invoke(HatchetInterceptor::pushEvent, this::sendPush, push));
    return new PushedEvent(id, push.key());
  }

  /** Pushes many events through the interceptors, in calls of at most 1,000. */
  public List<PushedEvent> bulkPush(List<BulkEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    List<EventPush> pushes = new ArrayList<>(events.size());
    for (BulkEvent event : events) {
      pushes.add(newPush(event.key(), event.payload(), event.options()));
    }
    List<String> ids =
        ClientRuntime.call(
            "pushing " + pushes.size() + " events",
            () -> runtime.interceptors().invoke(HatchetInterceptor::bulkPushEvent, this::sendBulkPush, pushes));
    List<PushedEvent> pushed = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      pushed.add(new PushedEvent(ids.get(i), pushes.get(i).key()));
    }
    return pushed;
  }

  private EventPush newPush(String key, Object payload, PushOptions options) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("event key must not be blank");
    }
    String payloadText;
    try {
      payloadText = Json.text(Json.toObject(runtime.mapper(), payload, "event payload"));
    } catch (IllegalArgumentException e) {
      throw new HatchetException("cannot push event " + key + ": " + e.getMessage(), e);
    }
    Map<String, String> metadata = new LinkedHashMap<>(options.additionalMetadata());
    // Inside a task, say which run emitted the event, so the engine links the runs it starts.
    CurrentTask.get()
        .ifPresent(
            task -> {
              metadata.put("hatchet__source_workflow_run_id", task.workflowRunId());
              metadata.put("hatchet__source_step_run_id", task.taskRunId());
            });
    return new EventPush(
        runtime.config().applyNamespace(key),
        payloadText,
        metadata,
        options.priority().map(p -> p.value()).orElse(null),
        options.scope().orElse(null));
  }

  private static PushEventRequest toProto(EventPush push) {
    PushEventRequest.Builder request =
        PushEventRequest.newBuilder()
            .setKey(push.key())
            .setPayload(push.payload())
            .setEventTimestamp(Timestamps.now())
            .setAdditionalMetadata(Json.metadataText(push.additionalMetadata()));
    if (push.priority() != null) {
      request.setPriority(push.priority());
    }
    if (push.scope() != null) {
      request.setScope(push.scope());
    }
    return request.build();
  }

  private String sendPush(EventPush push) throws Exception {
    PushEventRequest request = toProto(push);
    return runtime.retrier().call(
        "pushing event " + push.key(), Retrier.Replay.ALWAYS, () -> runtime.connection().events().push(request).getEventId());
  }

  private List<String> sendBulkPush(List<EventPush> pushes) throws Exception {
    List<String> ids = new ArrayList<>(pushes.size());
    for (int start = 0; start < pushes.size(); start += MAX_BULK_EVENTS) {
      BulkPushEventRequest.Builder request = BulkPushEventRequest.newBuilder();
      for (EventPush push : pushes.subList(start, Math.min(pushes.size(), start + MAX_BULK_EVENTS))) {
        request.addEvents(toProto(push));
      }
      BulkPushEventRequest built = request.build();
      List<Event> pushed =
          runtime.retrier().call(
              "pushing " + built.getEventsCount() + " events",
              Retrier.Replay.ALWAYS,
              () -> runtime.connection().events().bulkPush(built).getEventsList());
      for (Event event : pushed) {
        ids.add(event.getEventId());
      }
    }
    return ids;
  }

  // --- schedules ----------------------------------------------------------------------------

  /** Schedules runs of {@code workflow} at {@code times} through the interceptors. */
  public List<ScheduledRun> schedule(Workflow<?, ?> workflow, List<Instant> times, Object input, TriggerOptions options) {
    if (times.isEmpty()) {
      throw new IllegalArgumentException("at least one time is needed to schedule " + workflow.name());
    }
    var trigger = runtime.newTrigger(workflow, input, options);
    WorkflowSchedule schedule =
        new WorkflowSchedule(trigger.workflowName(), trigger.input(), trigger.additionalMetadata(), trigger.priority(), times);
    List<String> ids;
    try {
      ids = ClientRuntime.call(
          "scheduling workflow " + schedule.workflowName(),
          () -> runtime.interceptors().invoke(HatchetInterceptor::scheduleWorkflow, this::sendSchedule, schedule));
    } catch (EngineException e) {
      // Whether a time is in the past is the engine's call, by its own clock: the local clock may
      // differ from it (skew, or an embedded engine on virtual time in a test).
      if ("INVALID_ARGUMENT".equals(e.code())) {
        throw new IllegalArgumentException("cannot schedule " + workflow.name() + ": " + e.getMessage(), e);
      }
      throw e;
    }
    List<ScheduledRun> runs = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      runs.add(new ScheduledRun(ids.get(i), schedule.workflowName(), times.get(Math.min(i, times.size() - 1))));
    }
    return runs;
  }

  private List<String> sendSchedule(WorkflowSchedule schedule) throws Exception {
    ScheduleWorkflowRequest.Builder request =
        ScheduleWorkflowRequest.newBuilder()
            .setName(schedule.workflowName())
            .setInput(schedule.input())
            .setAdditionalMetadata(Json.metadataText(schedule.additionalMetadata()));
    schedule.triggerAt().forEach(time -> request.addSchedules(Timestamps.of(time)));
    if (schedule.priority() != null) {
      request.setPriority(schedule.priority());
    }
    ScheduleWorkflowRequest built = request.build();
    List<ScheduledWorkflow> scheduledRuns =
        runtime.retrier().call(
            "scheduling workflow " + schedule.workflowName(),
            Retrier.Replay.ALWAYS,
            () -> runtime.connection().workflows().scheduleWorkflow(built).getScheduledWorkflowsList());
    List<String> ids = new ArrayList<>();
    for (ScheduledWorkflow scheduled : scheduledRuns) {
      ids.add(scheduled.getId());
    }
    return ids;
  }
}
