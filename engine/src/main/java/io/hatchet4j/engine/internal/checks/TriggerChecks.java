package io.hatchet4j.engine.internal.checks;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.proto.events.BulkPushEventRequest;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRunRequest;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * What the real engine refuses when runs are started, scheduled or events pushed over gRPC, with
 * its status codes and texts, checked in upstream's order. Not public API.
 *
 * <p>Upstream only requires input, metadata and payloads to be valid JSON; this engine also refuses
 * valid JSON that is not an object (later, in the run engine), as a deliberate difference.
 */
public final class TriggerChecks {
  /** Upstream's BulkPush limit. */
  public static final int MAX_BULK_EVENTS = 1000;

  private TriggerChecks() {}

  /**
   * A legacy {@code TriggerWorkflow}, or one entry of {@code BulkTriggerWorkflow}: parent task id,
   * desired worker id, priority, then input and metadata.
   */
  public static void check(TriggerWorkflowRequest request) {
    if (request.hasParentTaskRunExternalId()) {
      String error = Upstream.uuidError(request.getParentTaskRunExternalId());
      if (error != null) {
        // Upstream wraps its own status in a plain error, and gRPC keeps the code and the whole text.
        throw EngineException.invalidArgument("could not create trigger opt: rpc error: code = InvalidArgument desc = "
            + "parentStepRunId must be a valid UUID: " + error);
      }
    }
    if (request.hasDesiredWorkerId() && !request.getDesiredWorkerId().isEmpty()) {
      String error = Upstream.uuidError(request.getDesiredWorkerId());
      if (error != null) {
        throw EngineException.invalidArgument("Invalid request: desiredWorkerId must be a valid UUID: " + error);
      }
    }
    if (request.hasPriority() && outOfRange(request.getPriority())) {
      throw EngineException.invalidArgument("Invalid request: " + priorityText(request.getPriority()));
    }
    requireJson(request.getInput(), "payload");
    requireJson(request.hasAdditionalMetadata() ? request.getAdditionalMetadata() : null, "additionalMetadata");
  }

  /**
   * A v1 {@code TriggerWorkflowRun}: upstream checks only the priority here (wrapped as for a
   * parent id). It does not look at input or metadata at all; this engine still requires them to
   * be JSON objects, a deliberate difference.
   */
  public static void check(TriggerWorkflowRunRequest request) {
    if (request.hasPriority() && outOfRange(request.getPriority())) {
      throw EngineException.invalidArgument("could not create trigger opt: rpc error: code = InvalidArgument desc = "
          + priorityText(request.getPriority()));
    }
  }

  /**
   * Every named workflow exists. Upstream answers INVALID_ARGUMENT naming every missing one.
   *
   * @param known the tenant's workflow names
   */
  public static void requireWorkflows(Collection<String> names, Set<String> known) {
    Set<String> missing = new LinkedHashSet<>();
    for (String name : names) {
      if (!known.contains(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw EngineException.invalidArgument("workflow names not found: " + String.join(", ", missing));
    }
  }

  /** A legacy {@code ScheduleWorkflow}, once its workflow is known to exist. */
  public static void check(ScheduleWorkflowRequest request) {
    if (request.hasParentId()) {
      if (!request.hasParentTaskRunExternalId()) {
        throw EngineException.invalidArgument("parent task run id is required when parent id is provided");
      }
      if (!request.hasChildIndex()) {
        throw EngineException.invalidArgument("child index is required when parent id is provided");
      }
    }
    requireJson(request.hasAdditionalMetadata() ? request.getAdditionalMetadata() : null, "additionalMetadata");
    requireJson(request.getInput(), "payload");
    if (request.hasPriority() && outOfRange(request.getPriority())) {
      throw EngineException.invalidArgument(priorityText(request.getPriority()));
    }
  }

  /** What upstream answers when a child's parent task does not exist (its database's "no rows"). */
  public static EngineException unknownParentTask() {
    return EngineException.notFound("not found");
  }

  /** What upstream answers for a legacy {@code ScheduleWorkflow} of an unknown workflow. */
  public static EngineException unknownScheduledWorkflow() {
    return EngineException.notFound("workflow not found");
  }

  /** A single {@code Push}: metadata, payload, priority. Upstream does not require a key here. */
  public static void check(PushEventRequest event) {
    requireJson(event.hasAdditionalMetadata() ? event.getAdditionalMetadata() : null, "additionalMetadata");
    requireJson(event.getPayload(), "payload");
    if (event.hasPriority() && outOfRange(event.getPriority())) {
      throw EngineException.invalidArgument(priorityText(event.getPriority()));
    }
  }

  /** A {@code BulkPush}: its size, then each event as for {@code Push}, then each event's key. */
  public static void check(BulkPushEventRequest request) {
    if (request.getEventsCount() == 0) {
      throw EngineException.invalidArgument("No events to ingest");
    }
    if (request.getEventsCount() > MAX_BULK_EVENTS) {
      throw EngineException.invalidArgument("Invalid request: too many events - " + request.getEventsCount()
          + " is over maximum (" + MAX_BULK_EVENTS + ")");
    }
    for (PushEventRequest event : request.getEventsList()) {
      check(event);
    }
    for (PushEventRequest event : request.getEventsList()) {
      if (event.getKey().isEmpty()) {
        FieldErrors errors = new FieldErrors();
        errors.condition("CreateEventOpts.Key", "required");
        throw EngineException.invalidArgument("Invalid request: events failing validation " + errors.plainText());
      }
    }
  }

  // ---------------------------------------------------------------- REST: crons and schedules

  /** What a lookup of the workflow gives, or throws. */
  public interface Lookup<T> {
    T get() throws Exception;
  }

  /**
   * The workflow a REST cron or schedule is created for; upstream answers 400 "workflow not found"
   * where it does not exist (not 404).
   */
  public static <T> T restWorkflow(Lookup<T> lookup) throws Exception {
    try {
      return lookup.get();
    } catch (EngineException | java.util.concurrent.ExecutionException e) {
      Throwable cause = e instanceof EngineException ? e : e.getCause();
      if (cause instanceof EngineException engine && engine.kind() == EngineException.Kind.NOT_FOUND) {
        throw EngineException.invalidArgument("workflow not found");
      }
      throw e;
    }
  }

  /** A REST cron needs a name; upstream checks it before anything else. */
  public static void requireCronName(@Nullable String name) {
    if (name == null || name.isEmpty()) {
      throw EngineException.invalidArgument("cron name is required");
    }
  }

  /**
   * A REST cron's expression and priority; upstream's validator refuses them inside its
   * repository, and the handler answers every such failure with one sentence.
   */
  public static void requireCron(@Nullable String expression, @Nullable Integer priority) {
    int p = priority == null ? 1 : priority;
    if (expression == null || !Upstream.isCron(expression) || outOfRange(p)) {
      throw EngineException.invalidArgument("error creating cron trigger");
    }
  }

  /** A REST schedule's priority, refused by upstream's validator with its plain wording. */
  public static void requireSchedulePriority(@Nullable Integer priority) {
    int p = priority == null ? 1 : priority;
    if (outOfRange(p)) {
      FieldErrors errors = new FieldErrors();
      errors.condition("CreateScheduledWorkflowRunForWorkflowOpts.Priority", p < 1 ? "min" : "max", p < 1 ? "1" : "3",
          FieldErrors.INVALID_TYPE);
      throw EngineException.invalidArgument(errors.plainText());
    }
  }

  /** The workflow names of a bulk trigger, in request order. */
  public static List<String> names(List<TriggerWorkflowRequest> requests) {
    List<String> names = new ArrayList<>();
    requests.forEach(r -> names.add(r.getName()));
    return names;
  }

  private static boolean outOfRange(int priority) {
    return priority < 1 || priority > 3;
  }

  private static String priorityText(int priority) {
    return "priority must be between 1 and 3, got " + priority;
  }

  /**
   * Upstream's JSON check: empty text is fine; otherwise it must be valid JSON whose strings hold no
   * NUL character (the database cannot store one).
   */
  private static void requireJson(@Nullable String text, String field) {
    if (text == null || text.isEmpty()) {
      return;
    }
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      // Valid JSON upstream (Go has no such limit below 10,000), but deeper than this engine reads:
      // say so rather than call it invalid.
      throw EngineException.invalidArgument(
          "Invalid request: json in field `" + field + "` nests deeper than " + Json.MAX_DEPTH + " levels");
    } catch (Exception e) {
      node = null;
    }
    if (node == null || node.isMissingNode()) {
      throw EngineException.invalidArgument("Invalid request: invalid json in field `" + field + "`");
    }
    if (hasNul(node)) {
      throw EngineException.invalidArgument(
          "Invalid request: encoded jsonb contains invalid null character \\u0000 in field `" + field + "`");
    }
  }

  private static boolean hasNul(com.fasterxml.jackson.databind.JsonNode node) {
    if (node.isTextual()) {
      return node.textValue().indexOf('\u0000') >= 0;
    }
    if (node.isObject()) {
      for (var e : node.properties()) {
        if (e.getKey().indexOf('\u0000') >= 0 || hasNul(e.getValue())) {
          return true;
        }
      }
      return false;
    }
    for (com.fasterxml.jackson.databind.JsonNode child : node) {
      if (hasNul(child)) {
        return true;
      }
    }
    return false;
  }
}
