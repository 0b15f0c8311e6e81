package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * Puts the task's trace id, span id and task run id in the SLF4J MDC while the task runs, so log
 * lines can be joined to its trace; {@link #close()} restores what was there before.
 */
final class MdcScope implements AutoCloseable {
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String TASK_RUN_ID = "hatchet_task_run_id";

  private final String previousTraceId;
  private final String previousSpanId;
  private final String previousTaskRunId;

  private MdcScope(SpanContext span, String taskRunId) {
    previousTraceId = MDC.get(TRACE_ID);
    previousSpanId = MDC.get(SPAN_ID);
    previousTaskRunId = MDC.get(TASK_RUN_ID);
    if (span.isValid()) {
      MDC.put(TRACE_ID, span.getTraceId());
      MDC.put(SPAN_ID, span.getSpanId());
    } else {
      MDC.remove(TRACE_ID);
      MDC.remove(SPAN_ID);
    }
    MDC.put(TASK_RUN_ID, taskRunId);
  }

  static MdcScope enter(SpanContext span, String taskRunId) {
    return new MdcScope(span, taskRunId);
  }

  @Override
  public void close() {
    restore(TRACE_ID, previousTraceId);
    restore(SPAN_ID, previousSpanId);
    restore(TASK_RUN_ID, previousTaskRunId);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
