package io.hatchet4j.testing;

import static io.hatchet4j.testing.TestWorkflows.GREETING;
import static io.hatchet4j.testing.TestWorkflows.UPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunStatus;
import io.hatchet4j.engine.SpanInfo;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.testing.TestWorkflows.Name;
import io.hatchet4j.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HatchetTest
class SpansTest {
  private HatchetInstrumentor tracing;
  private Hatchet hatchet;
  private Spans spans;
  private Runs runs;

  @BeforeEach
  void traceAClient(HatchetTestEnvironment env, Spans spans, Runs runs) {
    // A short export delay, so spans reach the engine's collector in a fraction of a second.
    tracing = HatchetInstrumentor.builder().setScheduleDelayMillis(100).build();
    hatchet = env.newClient(tracing);
    hatchet.newWorker(WorkerOptions.builder().setName("traced").setSlots(4).build()).register(UPPER).register(GREETING)
        .start();
    this.spans = spans;
    this.runs = runs;
    assertThat(env.spans()).isSameAs(spans);
  }

  @AfterEach
  void stopTracing() {
    // The client first: its shutdown flushes the instrumentor, which must still be running then.
    hatchet.close();
    tracing.close();
  }

  @Test
  void aTasksSpanHangsUnderItsTriggerThroughTheEnginesRunSpan() {
    String runId = hatchet.runNoWait(UPPER, new Name("ada")).runId();
    runs.await(runId, RunStatus.COMPLETED);

    SpanInfo task = spans.awaitNamed(runId, "hatchet.start_step_run");
    SpanInfo trigger = spans.awaitNamed(runId, "hatchet.run_workflow");
    SpanInfo engineRun = spans.parent(task).orElseThrow();

    assertThat(engineRun.name()).isEqualTo("hatchet.engine.workflow_run");
    assertThat(engineRun.serviceName()).isEqualTo("hatchet-engine");
    assertThat(spans.parent(engineRun)).hasValue(trigger);
    assertThat(spans.parent(trigger)).isEmpty();
    assertThat(spans.children(trigger)).containsExactly(engineRun);
    assertThat(spans.children(engineRun)).extracting(SpanInfo::name)
        .contains("hatchet.engine.queued", "hatchet.engine.start_step_run", "hatchet.start_step_run");
    assertThat(trigger.kind()).isEqualTo("PRODUCER");
    assertThat(task.kind()).isEqualTo("CONSUMER");
    assertThat(task.statusCode()).isNotEqualTo("ERROR");
    assertThat(task.traceId()).isEqualTo(trigger.traceId());
    // Attribute values keep their types.
    assertThat(task.attributes()).containsEntry("hatchet.workflow_run_id", runId).containsEntry("hatchet.retry_count", 0L);
    assertThat(task.resourceAttributes()).containsKey("service.name");
  }

  @Test
  void bothTasksOfADagShareTheTriggersTrace() {
    String runId = hatchet.runNoWait(GREETING, new Name("lin")).runId();
    runs.await(runId, RunStatus.COMPLETED);

    // The trigger, the engine's run span, and per task its queued, engine and worker spans.
    List<SpanInfo> trace = spans.awaitTrace(runId, 8, Duration.ofSeconds(10));

    List<SpanInfo> tasks = trace.stream().filter(s -> s.name().equals("hatchet.start_step_run")).toList();
    assertThat(tasks).extracting(s -> s.attributes().get("hatchet.step_name")).containsExactlyInAnyOrder("first", "second");
    SpanInfo engineRun = spans.awaitNamed(runId, "hatchet.engine.workflow_run");
    assertThat(tasks).allSatisfy(t -> assertThat(spans.parent(t)).hasValue(engineRun));
    assertThat(spans.parent(engineRun)).map(SpanInfo::name).hasValue("hatchet.run_workflow");
  }

  @Test
  void anUnmetWaitShowsTheTraceAsATree() {
    String runId = hatchet.runNoWait(UPPER, new Name("ada")).runId();
    SpanInfo task = spans.awaitNamed(runId, "hatchet.start_step_run");
    spans.awaitNamed(runId, "hatchet.run_workflow");

    assertThatThrownBy(() -> spans.awaitNamed(runId, "no-such-span", Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no span named \"no-such-span\" in the trace of run " + runId + " after 200ms; it had ")
        .hasMessageContaining("\ntrace " + task.traceId() + "\n  hatchet.run_workflow (upper)  PRODUCER ")
        .hasMessageContaining("\n    hatchet.engine.workflow_run (upper)  INTERNAL hatchet-engine OK ")
        .hasMessageContaining("\n      hatchet.start_step_run (upper)  CONSUMER ")
        .hasMessageContaining("\n      hatchet.engine.queued (upper)  INTERNAL hatchet-engine OK ");
    assertThatThrownBy(() -> spans.awaitTrace(runId, 100, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageMatching("(?s)the trace of run " + runId + " had \\d+ of 100 spans after 200ms; it had .*"
            + "\n    hatchet\\.engine\\.workflow_run \\(upper\\) .*");
    assertThatThrownBy(() -> spans.awaitNamed("not-a-run", "x", Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the tenant has no such run");
  }

  @Test
  void aSpanFromElsewhereIsRefused() {
    SpanInfo stranger = new SpanInfo("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Optional.empty(), "x",
        "INTERNAL", "svc", "UNSET", Optional.empty(), Instant.EPOCH, Instant.EPOCH, Map.of(), Map.of(), List.of());

    assertThatThrownBy(() -> spans.children(stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was not read through this Spans");
  }
}
