package io.hatchet4j.engine.internal.traces;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.runs.RunListener;
import io.hatchet4j.engine.internal.traces.TraceIds.TraceParent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the engine's own spans of each run's lifecycle, as upstream's engine does: the workflow
 * run, each attempt's time in the queue, each attempt as the engine saw it, and the events that
 * triggered runs.
 *
 * <p>Not public API. Runs on the scheduler thread (it is a {@link RunListener}); not thread-safe
 * otherwise. Ids, parents and attributes follow upstream bit for bit, so SDK spans of any language
 * find their engine parents. Two deliberate differences make the waterfall truer: an attempt's
 * {@code queued} span starts when that attempt was queued (upstream starts every attempt's at the
 * task's creation), and an attempt that fails and is retried gets its own {@code start_step_run}
 * span (upstream only writes one for the last attempt).
 */
public final class EngineSpans implements RunListener {
  public static final String SERVICE_NAME = "hatchet-engine";
  public static final String WORKFLOW_RUN = "hatchet.engine.workflow_run";
  public static final String QUEUED = "hatchet.engine.queued";
  public static final String START_STEP_RUN = "hatchet.engine.start_step_run";
  public static final String EVENT = "hatchet.engine.event";
  public static final String EVENT_EMITTED = "hatchet.engine.event_emitted";

  private static final Logger log = LoggerFactory.getLogger(EngineSpans.class);
  private static final Map<String, Object> RESOURCE = Map.of("service.name", SERVICE_NAME);
  private static final long NANOS_PER_MILLI = 1_000_000L;
  /** Attempts whose start is remembered; far above the tasks that run at once. */
  private static final int MAX_OPEN_ATTEMPTS = 100_000;

  private final TraceStore store;
  /** When each running attempt was sent to its worker, then when it started: {@code task/retry}. */
  private final Map<String, Long> attemptStarts = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_OPEN_ATTEMPTS;
    }
  };

  public EngineSpans(TraceStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** Deletes old traces on another thread: there may be many, and the trace store is thread-safe. */
  @Override
  public void retentionCutoff(long cutoffMs) {
    java.util.concurrent.CompletableFuture.runAsync(() -> store.deleteBefore(cutoffMs));
  }

  @Override
  public void runCreated(RunInfo run) {
    Optional<TraceParent> traceparent = TraceIds.traceparentOf(run.additionalMetadata());
    String parent;
    if (run.parentTaskRunId() != null) {
      // Child runs hang under the spawning task's engine span whatever traceparent they carry.
      parent = TraceIds.taskSpanId(run.parentTaskRunId(), 0, "step_run");
    } else if (run.triggeringEventId() != null) {
      String sourceRun = TraceIds.metadataUuid(run.additionalMetadata(), TraceIds.SOURCE_WORKFLOW_RUN_ID).orElse(null);
      String owner = traceparent.isPresent() || sourceRun == null ? run.id() : sourceRun;
      parent = TraceIds.eventSpanId(run.triggeringEventId(), owner);
    } else {
      String ownSpan = TraceIds.workflowRunSpanId(run.id());
      parent = traceparent.map(TraceParent::spanId).filter(id -> !id.equals(ownSpan)).orElse(null);
    }
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("hatchet.span_source", "engine");
    attributes.put("hatchet.workflow_run_id", run.id());
    attributes.put("hatchet.workflow_id", run.workflowId());
    attributes.put("hatchet.workflow_name", run.workflowName());
    long at = run.createdAtMs() * NANOS_PER_MILLI;
    write(run.tenantId(), span(traceId(run), TraceIds.workflowRunSpanId(run.id()), parent, WORKFLOW_RUN, at, at,
        "OK", null, attributes, null, run.id(), 0));
  }

  @Override
  public void taskSentToWorker(TaskAttempt attempt, long atMs) {
    attemptStarts.putIfAbsent(attemptKey(attempt), atMs);
    long queuedAt = attempt.queuedAtMs() != null ? attempt.queuedAtMs() : attempt.createdAtMs();
    write(attempt.run().tenantId(), taskSpan(attempt, "queued", QUEUED, queuedAt, atMs, "OK", null));
  }

  @Override
  public void taskStarted(TaskAttempt attempt, long atMs) {
    attemptStarts.put(attemptKey(attempt), atMs);
  }

  @Override
  public void taskFinished(TaskAttempt attempt, Outcome outcome, @Nullable String message, long atMs) {
    Long started = attemptStarts.remove(attemptKey(attempt));
    long start = started != null ? started
        : attempt.queuedAtMs() != null ? attempt.queuedAtMs() : attempt.createdAtMs();
    String status = outcome == Outcome.COMPLETED ? "OK" : "ERROR";
    String statusMessage = outcome == Outcome.COMPLETED ? null
        : message != null && !message.isBlank() ? message : defaultMessage(outcome);
    write(attempt.run().tenantId(),
        taskSpan(attempt, "step_run", START_STEP_RUN, Math.min(start, atMs), atMs, status, statusMessage));
  }

  @Override
  public void eventPushed(EventRecord event) {
    Optional<TraceParent> traceparent = TraceIds.traceparentOf(event.additionalMetadata());
    Optional<String> sourceRun = TraceIds.metadataUuid(event.additionalMetadata(), TraceIds.SOURCE_WORKFLOW_RUN_ID);
    Optional<String> sourceStep = TraceIds.metadataUuid(event.additionalMetadata(), TraceIds.SOURCE_STEP_RUN_ID);
    boolean fromTask = sourceRun.isPresent() && sourceStep.isPresent();
    long at = event.createdAtMs() * NANOS_PER_MILLI;
    if (!fromTask || traceparent.isPresent()) {
      for (String runId : event.triggeredRunIds()) {
        Map<String, Object> attributes = eventAttributes(event);
        String trace = traceparent.map(TraceParent::traceId).orElseGet(() -> TraceIds.workflowRunTraceId(runId));
        String parent = traceparent.map(TraceParent::spanId).orElse(null);
        write(event.tenantId(), span(trace, TraceIds.eventSpanId(event.id(), runId), parent, EVENT, at, at, "OK",
            null, attributes, null, runId, 0));
      }
    }
    if (fromTask) {
      String source = sourceRun.get();
      Map<String, Object> attributes = eventAttributes(event);
      attributes.put("hatchet.workflow_run_id", source);
      if (!event.triggeredRunIds().isEmpty()) {
        attributes.put("hatchet.triggered_workflow_run_ids", Json.write(event.triggeredRunIds()));
      }
      write(event.tenantId(), span(TraceIds.workflowRunTraceId(source), TraceIds.eventSpanId(event.id(), source),
          TraceIds.taskSpanId(sourceStep.get(), 0, "step_run"), EVENT_EMITTED, at, at, "OK", null, attributes,
          null, source, 0));
    }
  }

  private static Map<String, Object> eventAttributes(EventRecord event) {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("hatchet.span_source", "engine");
    attributes.put("hatchet.event_key", event.key());
    attributes.put("hatchet.event_id", event.id());
    return attributes;
  }

  private static String defaultMessage(Outcome outcome) {
    switch (outcome) {
      case CANCELLED:
        return "task cancelled";
      case SCHEDULING_TIMED_OUT:
        return "scheduling timed out";
      default:
        return "task failed";
    }
  }

  private static SpanRecord taskSpan(TaskAttempt attempt, String type, String name, long startMs, long endMs,
      String status, @Nullable String statusMessage) {
    RunInfo run = attempt.run();
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("hatchet.span_source", "engine");
    attributes.put("hatchet.step_run_id", attempt.taskRunId());
    attributes.put("hatchet.workflow_run_id", run.id());
    attributes.put("hatchet.step_name", attempt.readableId());
    attributes.put("hatchet.task_name", attempt.readableId());
    attributes.put("hatchet.retry_count", Integer.toString(attempt.retryCount()));
    attributes.put("hatchet.action_id", attempt.actionId());
    attributes.put("hatchet.workflow_id", run.workflowId());
    attributes.put("hatchet.workflow_version_id", run.workflowVersionId());
    attributes.put("hatchet.step_id", attempt.stepId());
    return span(traceId(run), TraceIds.taskSpanId(attempt.taskRunId(), attempt.retryCount(), type),
        TraceIds.workflowRunSpanId(run.id()), name, startMs * NANOS_PER_MILLI, endMs * NANOS_PER_MILLI, status,
        statusMessage, attributes, attempt.taskRunId(), run.id(), attempt.retryCount());
  }

  /** The run's trace: its traceparent's, else the trace it would have been stamped with. */
  static String traceId(RunInfo run) {
    return TraceIds.traceparentOf(run.additionalMetadata()).map(TraceParent::traceId)
        .orElseGet(() -> TraceIds.workflowRunTraceId(run.parentWorkflowRunId() != null ? run.parentWorkflowRunId()
            : TraceIds.metadataUuid(run.additionalMetadata(), TraceIds.SOURCE_WORKFLOW_RUN_ID).orElse(run.id())));
  }

  private static SpanRecord span(String traceId, String spanId, @Nullable String parentSpanId, String name,
      long startNs, long endNs, String status, @Nullable String statusMessage, Map<String, Object> attributes,
      @Nullable String taskRunId, @Nullable String workflowRunId, int retryCount) {
    return new SpanRecord(traceId, spanId, parentSpanId, name, "INTERNAL", SERVICE_NAME, status, statusMessage,
        startNs, endNs, RESOURCE, attributes, SERVICE_NAME, SERVICE_NAME, List.of(), List.of(), taskRunId,
        workflowRunId, retryCount);
  }

  private void write(String tenantId, SpanRecord span) {
    try {
      store.insert(tenantId, List.of(span));
    } catch (RuntimeException e) {
      // Spans are diagnostics: losing one must never break the run it describes.
      log.warn("could not store engine span {}", span.name(), e);
    }
  }

  private static String attemptKey(TaskAttempt attempt) {
    return attempt.taskRunId() + '/' + attempt.retryCount();
  }
}
