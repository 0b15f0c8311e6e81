package io.hatchet4j.testing;

import io.hatchet4j.engine.SpanInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The spans of the current test's runs as the engine's collector stored them, and waits that fail
 * as assertions showing the trace as an indented tree.
 *
 * <p>Declare it as a parameter of a test or {@code @BeforeEach} method of a {@link HatchetTest}
 * class, or get it from {@link HatchetTestEnvironment#spans()}. A run's trace holds the engine's
 * own spans ({@code hatchet.engine.*}) and those of every client and worker traced with {@code
 * HatchetInstrumentor} (from {@code hatchet4j-opentelemetry}). The instrumentor exports in batches,
 * every 5 seconds by default; give a test's instrumentor a short delay so spans arrive quickly, and
 * close it after its client:
 *
 * <pre>{@code
 * try (HatchetInstrumentor tracing = HatchetInstrumentor.builder().setScheduleDelayMillis(100).build();
 *     Hatchet hatchet = env.newClient(tracing)) {
 *   hatchet.newWorker(WorkerOptions.builder().setName("traced").build()).register(GREET).start();
 *   String runId = hatchet.runNoWait(GREET, new Person("Ada")).runId();
 *
 *   SpanInfo task = spans.awaitNamed(runId, "hatchet.start_step_run");
 *   SpanInfo engineRun = spans.parent(task).orElseThrow(); // hatchet.engine.workflow_run
 *   assertThat(spans.parent(engineRun)).map(SpanInfo::name).hasValue("hatchet.run_workflow");
 * }
 * }</pre>
 *
 * <p>As in upstream Hatchet, the engine hangs a task's {@code hatchet.start_step_run} span under its
 * {@code hatchet.engine.workflow_run} span, which hangs under the {@code hatchet.run_workflow} span
 * of the trigger. Thread-safe.
 *
 * @since 0.1.0
 */
public interface Spans {

  /** How long {@link #awaitNamed(String, String)} and {@link #parent(SpanInfo)} wait. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The spans of the trace the run belongs to now, in start order; empty for an unknown run.
   *
   * @see io.hatchet4j.engine.HatchetEngine#trace(String, String)
   */
  List<SpanInfo> trace(String runId);

  /**
   * Waits up to {@code timeout} until the run's trace has at least {@code minimumSpans} spans and
   * returns them all, in start order.
   *
   * @throws AssertionError if it does not in time, showing the trace
   */
  List<SpanInfo> awaitTrace(String runId, int minimumSpans, Duration timeout);

  /**
   * Waits up to {@link #DEFAULT_TIMEOUT} for a span with this name in the run's trace and returns
   * it, the earliest if there are several.
   *
   * @throws AssertionError if none arrives in time, showing the trace
   */
  SpanInfo awaitNamed(String runId, String name);

  /** As {@link #awaitNamed(String, String)}, waiting up to {@code timeout}. */
  SpanInfo awaitNamed(String runId, String name, Duration timeout);

  /**
   * The span's parent, or empty for a root span. Waits up to {@link #DEFAULT_TIMEOUT} for a parent
   * that has not arrived yet.
   *
   * @param span a span read through this object
   * @throws AssertionError if the parent does not arrive in time, showing the trace
   */
  Optional<SpanInfo> parent(SpanInfo span);

  /**
   * The span's children in its trace now, in start order.
   *
   * @param span a span read through this object
   */
  List<SpanInfo> children(SpanInfo span);
}
