package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static io.hatchet4j.opentelemetry.Calls.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.workflow.Condition;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

class InstrumentorTest {
  private final InMemoryTracing tracing = new InMemoryTracing();

  @AfterEach
  void close() {
    tracing.close();
    GlobalOpenTelemetry.resetForTest();
  }

  /** Drives all eight hooks once; returns the requests the SDK would have received. */
  private static List<Object> callEveryHook(HatchetInstrumentor instrumentor) throws Exception {
    ActionInfo action = action(Map.of("traceparent", Calls.TRACEPARENT));
    List<Object> proceeded = new ArrayList<>();
    WorkflowTrigger trigger = WorkflowTrigger.of("w", "{}", Map.of());
    instrumentor.runWorkflow(chain(trigger, t -> record(proceeded, t, uuid())));
    instrumentor.runWorkflows(chain(List.of(trigger), t -> record(proceeded, t, List.of(uuid()))));
    instrumentor.scheduleWorkflow(
        chain(new WorkflowSchedule("w", "{}", Map.of(), null, List.of(Instant.now())), s -> record(proceeded, s, List.of(uuid()))));
    EventPush event = new EventPush("k", "{}", Map.of(), null, null);
    instrumentor.pushEvent(chain(event, e -> record(proceeded, e, uuid())));
    instrumentor.bulkPushEvent(chain(List.of(event), e -> record(proceeded, e, List.of(uuid()))));
    instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> {
      proceeded.add(MDC.get("hatchet_task_run_id"));
      proceeded.add(Span.current().getSpanContext().isValid());
      return record(proceeded, run, null);
    }));
    instrumentor.cancelTask(chain(new TaskCancellation(action, true), c -> record(proceeded, c, null)));
    instrumentor.durableWaitFor(
        chain(new DurableWait(action, "s", List.of(Condition.sleep(Duration.ofSeconds(1)))), w -> record(proceeded, w, null)));
    return proceeded;
  }

  private static <T> T record(List<Object> proceeded, Object request, T response) {
    proceeded.add(request);
    return response;
  }

  @Test
  void everyHookMakesItsSpan() throws Exception {
    callEveryHook(tracing.instrumentor());

    assertThat(tracing.spans())
        .extracting(s -> s.getName())
        .containsExactlyInAnyOrder(
            "hatchet.run_workflow",
            "hatchet.run_workflows",
            "hatchet.schedule_workflow",
            "hatchet.push_event",
            "hatchet.bulk_push_event",
            "hatchet.start_step_run",
            "hatchet.cancel_step_run",
            "hatchet.durable.wait_for");
    assertThat(tracing.spans())
        .allSatisfy(span -> assertThat(span.getAttributes().get(AttributeKey.stringKey("instrumentor"))).isEqualTo("hatchet"));
  }

  @Test
  void uninstrumentStopsEverySpanAndEveryInjection() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor();

    instrumentor.uninstrument();
    List<Object> proceeded = callEveryHook(instrumentor);

    assertThat(instrumentor.isInstrumented()).isFalse();
    assertThat(tracing.spans()).isEmpty();
    assertThat(proceeded.get(0)).as("trigger passed through as it was").isEqualTo(WorkflowTrigger.of("w", "{}", Map.of()));
    assertThat(proceeded).contains(null, false).doesNotContain(true);
    assertThat(proceeded).filteredOn(r -> r instanceof EventPush).allSatisfy(e -> assertThat(((EventPush) e).additionalMetadata()).isEmpty());

    instrumentor.instrument();
    callEveryHook(instrumentor);
    assertThat(tracing.spans()).hasSize(8);
  }

  @Test
  void excludedAttributesComeFromTheEnvironment() {
    HatchetInstrumentor instrumentor =
        HatchetInstrumentor.builder()
            .setEnvironment(Map.of(Options.EXCLUDED_ATTRIBUTES_ENV, "[\"payload\", \"additional_metadata\"]"))
            .build();

    assertThat(instrumentor.options().excluded()).containsExactlyInAnyOrder(HatchetAttribute.PAYLOAD, HatchetAttribute.ADDITIONAL_METADATA);
  }

  @ParameterizedTest
  @ValueSource(strings = {"payload", "[payload]", "{\"a\":1}", "[1]", "[\"payloads\"]", "[\"hatchet.payload\"]"})
  void malformedExcludedAttributesNameTheVariable(String value) {
    assertThatThrownBy(() -> HatchetInstrumentor.builder().setEnvironment(Map.of(Options.EXCLUDED_ATTRIBUTES_ENV, value)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HATCHET_CLIENT_OPENTELEMETRY_EXCLUDED_ATTRIBUTES");
  }

  @Test
  void booleanOptionsComeFromEitherSdksVariables() {
    Options python =
        HatchetInstrumentor.builder()
            .setEnvironment(
                Map.of(
                    "HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_START_STEP_RUN_SPAN_NAME", "True",
                    "HATCHET_CLIENT_OPENTELEMETRY_INDIVIDUAL_RUN_SPANS_FOR_BULK_RUN", "1"))
            .build()
            .options();
    Options typescript =
        HatchetInstrumentor.builder()
            .setEnvironment(Map.of("HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_SPAN_NAME", "true"))
            .build()
            .options();
    Options none = HatchetInstrumentor.builder().setEnvironment(Map.of()).build().options();

    assertThat(python.includeTaskNameInSpanName()).isTrue();
    assertThat(python.individualRunSpansForBulkRun()).isTrue();
    assertThat(typescript.includeTaskNameInSpanName()).isTrue();
    assertThat(typescript.individualRunSpansForBulkRun()).isFalse();
    assertThat(none).isEqualTo(Options.defaults());
  }

  @Test
  void explicitSettingsWinOverTheEnvironment() {
    Options options =
        HatchetInstrumentor.builder()
            .setEnvironment(
                Map.of(
                    Options.EXCLUDED_ATTRIBUTES_ENV, "[\"payload\"]",
                    Options.INCLUDE_TASK_NAME_ENV, "true",
                    Options.INDIVIDUAL_RUN_SPANS_ENV, "true"))
            .setExcludedAttributes(List.of())
            .setIncludeTaskNameInSpanName(false)
            .setIndividualRunSpansForBulkRun(false)
            .build()
            .options();

    assertThat(options).isEqualTo(Options.defaults());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_START_STEP_RUN_SPAN_NAME",
        "HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_SPAN_NAME",
        "HATCHET_CLIENT_OPENTELEMETRY_INDIVIDUAL_RUN_SPANS_FOR_BULK_RUN"
      })
  void malformedBooleansNameTheVariable(String variable) {
    assertThatThrownBy(() -> HatchetInstrumentor.builder().setEnvironment(Map.of(variable, "maybe")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable)
        .hasMessageContaining("maybe");
  }

  @Test
  void settersCheckTheirValuesAtOnce() {
    HatchetInstrumentor.Builder builder = HatchetInstrumentor.builder();
    assertThatThrownBy(() -> builder.setScheduleDelayMillis(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.setMaxExportBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.setMaxQueueSize(-5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.setTracerProvider(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.setExcludedAttributes(List.of("hatchet.payload")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use the short name 'payload'");
    assertThatThrownBy(() -> builder.setEnvironment(Map.of()).setMaxQueueSize(10).setMaxExportBatchSize(20).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxExportBatchSize");
  }

  @Test
  void shutdownLeavesAGivenProviderRunningAndStopsTracing() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor();

    instrumentor.shutdown().get();

    assertThat(instrumentor.shutdown()).isSameAs(instrumentor.shutdown());
    assertThat(tracing.provider.get("x").spanBuilder("still-recording").startSpan().isRecording()).isTrue();
    callEveryHook(instrumentor);
    instrumentor.instrument();
    callEveryHook(instrumentor);
    assertThat(tracing.spans()).isEmpty();
  }

  @Test
  void aBuiltProviderIsNotGlobalAndIsShutDownWithTheInstrumentor() throws Exception {
    HatchetInstrumentor instrumentor =
        HatchetInstrumentor.builder().setEnvironment(Map.of("OTEL_SERVICE_NAME", "billing")).build();
    assertThat(instrumentor.tracerProvider()).as("nothing before a client starts").isNull();
    callEveryHook(instrumentor);

    instrumentor.onClientStart(Configs.config("localhost:1", "test"));

    SdkTracerProvider provider = (SdkTracerProvider) instrumentor.tracerProvider();
    assertThat(provider.toString()).contains("service.name=\"billing\"");
    assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    instrumentor.close();
    assertThat(provider.get("x").spanBuilder("after").startSpan().isRecording()).isFalse();
  }

  @Test
  void aBuiltProviderIsNamedHatchetWorkerByDefault() {
    HatchetInstrumentor instrumentor = HatchetInstrumentor.builder().setEnvironment(Map.of()).build();
    instrumentor.onClientStart(Configs.config("localhost:1", "test"));
    try {
      assertThat(instrumentor.tracerProvider().toString()).contains("service.name=\"hatchet-worker\"");
    } finally {
      instrumentor.close();
    }
  }

  @Test
  void registersGloballyOnlyWhenAskedAndNeverOverTheApplications() {
    HatchetInstrumentor registering = HatchetInstrumentor.builder().setEnvironment(Map.of()).setRegisterGlobal(true).build();
    registering.onClientStart(Configs.config("localhost:1", "test"));
    try {
      assertThat(GlobalOpenTelemetry.isSet()).isTrue();
      assertThat(GlobalOpenTelemetry.getPropagators().getTextMapPropagator().fields()).contains("traceparent");
    } finally {
      registering.close();
    }

    GlobalOpenTelemetry.resetForTest();
    OpenTelemetry application = OpenTelemetry.noop();
    GlobalOpenTelemetry.set(application);
    HatchetInstrumentor second = HatchetInstrumentor.builder().setEnvironment(Map.of()).setRegisterGlobal(true).build();
    second.onClientStart(Configs.config("localhost:1", "test"));
    second.close();
    assertThat(GlobalOpenTelemetry.getTracerProvider().get("x").spanBuilder("s").startSpan().isRecording()).isFalse();
  }

  @Test
  void withoutCollectorOrProviderSpansGoToTheGlobalProviderOnceTheApplicationSetsIt() throws Exception {
    HatchetInstrumentor instrumentor =
        HatchetInstrumentor.builder().setEnvironment(Map.of()).setEnableHatchetOtelCollector(false).build();
    instrumentor.onClientStart(Configs.config("localhost:1", "test"));

    callEveryHook(instrumentor);
    assertThat(GlobalOpenTelemetry.isSet()).as("looking for it must not fix it to a no-op").isFalse();

    GlobalOpenTelemetry.set(io.opentelemetry.sdk.OpenTelemetrySdk.builder().setTracerProvider(tracing.provider).build());
    callEveryHook(instrumentor);
    assertThat(tracing.spans()).hasSize(8);
  }

  @Test
  void excludableNamesCoverThePythonEnumeration() {
    Set<String> python =
        Set.of(
            "tenant_id", "worker_id", "workflow_run_id", "step_id", "step_run_id", "retry_count",
            "parent_workflow_run_id", "child_workflow_index", "child_workflow_key", "payload",
            "workflow_name", "action_name", "step_name", "workflow_id", "workflow_version_id",
            "triggering_event_external_id", "triggering_event_key", "namespace", "additional_metadata",
            "priority", "event_key", "scope", "parent_id", "parent_step_run_id", "child_index",
            "child_key", "desired_worker_id", "sticky", "key", "run_at_timestamps", "signal_key",
            "num_conditions", "memo_fn_name");

    assertThat(Options.attributes(python)).hasSize(python.size());
  }
}
