package io.hatchet4j.opentelemetry;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.interceptor.WorkflowTrigger;
import java.util.Map;

/**
 * The call a Hatchet span records, as the {@linkplain HatchetTelemetryBuilder extension points}
 * see it: what kind of call, the SDK's request for it, and the parts of that request most
 * extensions read.
 *
 * <p>Immutable. Created only when an extension point is configured, so the default instrumentation
 * pays nothing for it.
 */
public final class HatchetRequest {
  private final HatchetOperation operation;
  private final Object request;
  private final ActionInfo action;
  private final String input;
  private final Map<String, String> additionalMetadata;
  private final String destination;

  private HatchetRequest(
      HatchetOperation operation,
      Object request,
      ActionInfo action,
      String input,
      Map<String, String> additionalMetadata,
      String destination) {
    this.operation = operation;
    this.request = request;
    this.action = action;
    this.input = input;
    this.additionalMetadata = additionalMetadata;
    this.destination = destination;
  }

  static HatchetRequest trigger(WorkflowTrigger trigger, String workflowName) {
    return new HatchetRequest(
        HatchetOperation.RUN_WORKFLOW, trigger, null, trigger.input(), trigger.additionalMetadata(), workflowName);
  }

  static HatchetRequest bulk(HatchetOperation operation, Object requests, String singleName) {
    return new HatchetRequest(operation, requests, null, null, Map.of(), singleName);
  }

  static HatchetRequest schedule(WorkflowSchedule schedule, String workflowName) {
    return new HatchetRequest(
        HatchetOperation.SCHEDULE_WORKFLOW, schedule, null, schedule.input(), schedule.additionalMetadata(), workflowName);
  }

  static HatchetRequest push(EventPush event, String key) {
    return new HatchetRequest(HatchetOperation.PUSH_EVENT, event, null, event.payload(), event.additionalMetadata(), key);
  }

  static HatchetRequest task(TaskRun run) {
    ActionInfo action = run.action();
    return new HatchetRequest(
        HatchetOperation.START_STEP_RUN, run, action, action.actionPayload(), action.additionalMetadata(), action.actionId());
  }

  static HatchetRequest cancel(TaskCancellation cancellation) {
    ActionInfo action = cancellation.action();
    return new HatchetRequest(
        HatchetOperation.CANCEL_STEP_RUN, cancellation, action, null, action.additionalMetadata(), action.actionId());
  }

  static HatchetRequest waitFor(DurableWait wait) {
    ActionInfo action = wait.action();
    return new HatchetRequest(
        HatchetOperation.DURABLE_WAIT_FOR, wait, action, null, action.additionalMetadata(), action.actionId());
  }

  /** The kind of call. */
  public HatchetOperation operation() {
    return operation;
  }

  /**
   * The SDK's request as the caller made it, before trace context was added: a {@link
   * WorkflowTrigger}, a {@code List<WorkflowTrigger>}, a {@link WorkflowSchedule}, an {@link
   * EventPush}, a {@code List<EventPush>}, a {@link TaskRun}, a {@link TaskCancellation} or a
   * {@link DurableWait}, as {@link #operation()} says.
   */
  public Object request() {
    return request;
  }

  /** What the engine assigned, for the worker's calls; null for a client's. */
  public ActionInfo action() {
    return action;
  }

  /**
   * The JSON input: a trigger's or schedule's input, an event's payload, or a task's raw action
   * payload; null for bulk calls, cancellations and waits.
   */
  public String input() {
    return input;
  }

  /** The caller's metadata for a trigger, schedule or push; the run's for the worker's calls; empty for bulk calls. */
  public Map<String, String> additionalMetadata() {
    return additionalMetadata;
  }

  /**
   * The workflow name (without the client's namespace) or event key a client call targets, or the
   * action id ({@code <workflow>:<task>}) of a worker's call; null for a bulk call with several names.
   */
  public String destination() {
    return destination;
  }

  @Override
  public String toString() {
    return "HatchetRequest{" + operation + ", " + destination + "}";
  }
}
