package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.BulkEvent;
import io.hatchet4j.CancelFilter;
import io.hatchet4j.CronTrigger;
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
import java.util.Locale;
import java.util.Map;

/**
 * Events, schedules, crons and cancellation: the triggers besides running a workflow directly.
 * Not public API.
 */
public final class EventsAndSchedules {
  /** The most events one bulk push carries, as the engine allows. */
  public static final int MAX_BULK_EVENTS = 1000;

  private final ClientRuntime runtime;
  private final RestClient rest;

  public EventsAndSchedules(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
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

  /** The tenant's scheduled runs, optionally of one workflow. */
  public List<ScheduledRun> listSchedules(Workflow<?, ?> workflow) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("limit", 1000);
    if (workflow != null) {
      query.put("workflowId", workflowId(workflow));
    }
    JsonNode list = rest.get(rest.tenantPath("/workflows/scheduled" + RestClient.query(query)), "listing scheduled runs");
    List<ScheduledRun> runs = new ArrayList<>();
    for (JsonNode row : list.path("rows")) {
      runs.add(
          new ScheduledRun(
              row.path("metadata").path("id").asText(),
              row.path("workflowName").asText(),
              Instant.parse(row.path("triggerAt").asText())));
    }
    return runs;
  }

  public void deleteSchedule(String id) {
    rest.delete(rest.tenantPath("/workflows/scheduled/" + RestClient.encode(id)), "deleting scheduled run " + id);
  }

  // --- crons --------------------------------------------------------------------------------

  public CronTrigger createCron(Workflow<?, ?> workflow, String name, String expression, Object input, TriggerOptions options) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("cron trigger name must not be blank");
    }
    EngineRules.requireCron(expression);
    var trigger = runtime.newTrigger(workflow, input, options);
    ObjectNode body = runtime.mapper().createObjectNode();
    body.put("cronName", name);
    body.put("cronExpression", expression.trim());
    body.set("input", parseObject(trigger.input()));
    body.set("additionalMetadata", runtime.mapper().valueToTree(trigger.additionalMetadata()));
    if (trigger.priority() != null) {
      body.put("priority", trigger.priority());
    }
    JsonNode created =
        rest.post(
            rest.tenantPath("/workflows/" + RestClient.encode(trigger.workflowName().toLowerCase(Locale.ROOT)) + "/crons"),
            body,
            "creating cron trigger " + name + " of " + workflow.name());
    return toCron(created);
  }

  public List<CronTrigger> listCrons(Workflow<?, ?> workflow) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("limit", 1000);
    if (workflow != null) {
      query.put("workflowId", workflowId(workflow));
    }
    JsonNode list = rest.get(rest.tenantPath("/workflows/crons" + RestClient.query(query)), "listing cron triggers");
    List<CronTrigger> crons = new ArrayList<>();
    for (JsonNode row : list.path("rows")) {
      crons.add(toCron(row));
    }
    return crons;
  }

  public void deleteCron(String id) {
    rest.delete(rest.tenantPath("/workflows/crons/" + RestClient.encode(id)), "deleting cron trigger " + id);
  }

  private static CronTrigger toCron(JsonNode cron) {
    return new CronTrigger(
        cron.path("metadata").path("id").asText(),
        cron.path("name").asText(),
        cron.path("workflowName").asText(),
        cron.path("cron").asText(),
        cron.path("enabled").asBoolean(true));
  }

  private JsonNode parseObject(String json) {
    try {
      return Json.parse(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("input was serialized as invalid JSON", e);
    }
  }

  // --- cancellation -------------------------------------------------------------------------

  /** Cancels runs (workflow run or task run ids); returns the ids the engine cancelled. */
  public List<String> cancel(List<String> runIds) {
    ObjectNode body = runtime.mapper().createObjectNode();
    ArrayNode ids = body.putArray("externalIds");
    runIds.forEach(ids::add);
    return cancelled(rest.post(rest.stableTenantPath("/tasks/cancel"), body, "cancelling " + runIds));
  }

  /** Cancels every run the filter selects; returns the ids the engine cancelled. */
  public List<String> cancel(CancelFilter filter) {
    ObjectNode body = runtime.mapper().createObjectNode();
    ObjectNode criteria = body.putObject("filter");
    criteria.put("since", filter.since().toString());
    filter.until().ifPresent(until -> criteria.put("until", until.toString()));
    if (!filter.statuses().isEmpty()) {
      ArrayNode statuses = criteria.putArray("statuses");
      filter.statuses().forEach(status -> statuses.add(status.name()));
    }
    if (!filter.workflowNames().isEmpty()) {
      ArrayNode workflowIds = criteria.putArray("workflowIds");
      filter.workflowNames().forEach(name -> workflowIds.add(workflowId(name)));
    }
    if (!filter.additionalMetadata().isEmpty()) {
      ArrayNode metadata = criteria.putArray("additionalMetadata");
      filter.additionalMetadata().forEach((key, value) -> metadata.add(key + ":" + value));
    }
    return cancelled(rest.post(rest.stableTenantPath("/tasks/cancel"), body, "cancelling runs by filter"));
  }

  private static List<String> cancelled(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response.path("ids").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  private String workflowId(Workflow<?, ?> workflow) {
    return workflowId(workflow.name());
  }

  /** The id of a workflow, looked up by name as the official SDKs do. */
  private String workflowId(String name) {
    String namespaced = runtime.config().applyNamespace(name);
    JsonNode list =
        rest.get(rest.tenantPath("/workflows" + RestClient.query(Map.of("name", namespaced))), "looking up workflow " + namespaced);
    for (JsonNode row : list.path("rows")) {
      if (row.path("name").asText().equals(namespaced)) {
        return row.path("metadata").path("id").asText();
      }
    }
    throw new io.hatchet4j.EngineException("NOT_FOUND", "workflow " + namespaced + " is not registered with the engine", null);
  }
}
