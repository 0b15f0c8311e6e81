package io.hatchet4j.opentelemetry;

/**
 * What a Hatchet span records: one kind of call the SDK makes, with its default span name and the
 * name of the operation in OpenTelemetry's messaging conventions.
 */
public enum HatchetOperation {
  /** Triggering one workflow run; the request is a {@link io.hatchet4j.interceptor.WorkflowTrigger}. */
  RUN_WORKFLOW(SpanKeys.RUN_WORKFLOW, "run_workflow", false),
  /** Triggering many runs at once; the request is a {@code List<WorkflowTrigger>}. */
  RUN_WORKFLOWS(SpanKeys.RUN_WORKFLOWS, "run_workflows", false),
  /** Scheduling runs; the request is a {@link io.hatchet4j.interceptor.WorkflowSchedule}. */
  SCHEDULE_WORKFLOW(SpanKeys.SCHEDULE_WORKFLOW, "schedule_workflow", false),
  /** Pushing one event; the request is an {@link io.hatchet4j.interceptor.EventPush}. */
  PUSH_EVENT(SpanKeys.PUSH_EVENT, "push_event", false),
  /** Pushing many events at once; the request is a {@code List<EventPush>}. */
  BULK_PUSH_EVENT(SpanKeys.BULK_PUSH_EVENT, "bulk_push_event", false),
  /** One attempt of a task on a worker; the request is a {@link io.hatchet4j.interceptor.TaskRun}. */
  START_STEP_RUN(SpanKeys.START_STEP_RUN, "start_step_run", true),
  /** A worker handling a cancellation; the request is a {@link io.hatchet4j.interceptor.TaskCancellation}. */
  CANCEL_STEP_RUN(SpanKeys.CANCEL_STEP_RUN, "cancel_step_run", true),
  /** A durable task's wait; the request is a {@link io.hatchet4j.interceptor.DurableWait}. */
  DURABLE_WAIT_FOR(SpanKeys.DURABLE_WAIT_FOR, "durable.wait_for", true);

  private final String spanName;
  private final String operationName;
  private final boolean worker;

  HatchetOperation(String spanName, String operationName, boolean worker) {
    this.spanName = spanName;
    this.operationName = operationName;
    this.worker = worker;
  }

  /** The span's name unless a {@link HatchetSpanNameExtractor} says otherwise, e.g. {@code hatchet.run_workflow}. */
  public String defaultSpanName() {
    return spanName;
  }

  /** The {@code messaging.operation.name} of the call, e.g. {@code run_workflow}. */
  public String operationName() {
    return operationName;
  }

  /** Whether the call happens on a worker (a task attempt, its cancellation or wait) rather than a client. */
  public boolean isWorker() {
    return worker;
  }
}
