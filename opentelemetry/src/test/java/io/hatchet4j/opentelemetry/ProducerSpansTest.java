package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.PARENT_SPAN_ID;
import static io.hatchet4j.opentelemetry.Calls.TRACEPARENT;
import static io.hatchet4j.opentelemetry.Calls.TRACE_ID;
import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static io.hatchet4j.opentelemetry.Calls.uuid;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProducerSpansTest {
  private final InMemoryTracing tracing = new InMemoryTracing();

  @AfterEach
  void close() {
    tracing.close();
  }

  private static String traceparentOf(SpanData span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
  }

  private static WorkflowTrigger trigger(String name, Map<String, String> metadata) {
    return new WorkflowTrigger(name, "{\"x\":1}", metadata, 2, null, null, null, null, Map.of());
  }

  @Test
  void aTopLevelIdempotencyKeyIsRecordedAsKey() throws Exception {
    tracing.instrumentor().runWorkflow(chain(new WorkflowTrigger("w", "{}", Map.of(), null, null, null, null, "once", Map.of()), t -> uuid()));

    assertThat(tracing.span("hatchet.run_workflow")).hasAttribute(stringKey("hatchet.key"), "once");
    assertThat(tracing.span("hatchet.run_workflow").getAttributes().get(stringKey("hatchet.child_key"))).isNull();
  }

  /** Runs {@code body} as the handler of a task, as the worker would; returns the task's action. */
  private static ActionInfo inTask(HatchetInstrumentor instrumentor, Map<String, String> metadata, Calls.Terminal<TaskRun, Object> body)
      throws Exception {
    ActionInfo action = action(metadata);
    instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), body));
    return action;
  }

  @Test
  void runWorkflowRecordsTheTriggerAndItsRunIdAndInjectsItsContext() throws Exception {
    String runId = uuid();
    WorkflowTrigger trigger = trigger("checkout", Map.of("team", "a"));
    Calls.RecordingChain<WorkflowTrigger, String> chain = chain(trigger, t -> runId);

    String result = tracing.instrumentor().runWorkflow(chain);

    assertThat(result).isEqualTo(runId);
    SpanData span = tracing.span("hatchet.run_workflow");
    assertThat(span)
        .hasKind(SpanKind.PRODUCER)
        .hasNoParent()
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(stringKey("hatchet.workflow_name"), "checkout"),
            // Hatchet's documentation names the triggered workflow hatchet.step_name on producer spans.
            equalTo(stringKey("hatchet.step_name"), "checkout"),
            equalTo(stringKey("hatchet.payload"), "{\"x\":1}"),
            equalTo(stringKey("hatchet.additional_metadata"), "{\"team\":\"a\"}"),
            equalTo(longKey("hatchet.priority"), 2L),
            equalTo(stringKey("hatchet.child_workflow_run_id"), runId));
    assertThat(chain.proceeded.additionalMetadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("team", "a", "traceparent", traceparentOf(span)));
    assertThat(trigger.additionalMetadata()).as("the caller's request is not changed").doesNotContainKey("traceparent");
  }

  @Test
  void childRunTriggeredInATaskIsAChildOfTheTaskSpanAndReplacesTheInheritedContext() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    String childRunId = uuid();
    AtomicReference<Calls.RecordingChain<WorkflowTrigger, String>> chain = new AtomicReference<>();

    ActionInfo parent =
        inTask(instrumentor, Map.of("traceparent", TRACEPARENT), run -> {
          // What the SDK sends for a child: the parent run's metadata (its traceparent included) under the caller's.
          WorkflowTrigger child =
              new WorkflowTrigger(
                  "child", "{}", Map.of("traceparent", TRACEPARENT, "team", "a"), null,
                  run.action().workflowRunId(), run.action().taskRunId(), 0, "k1", Map.of());
          chain.set(chain(child, t -> childRunId));
          return instrumentor.runWorkflow(chain.get());
        });

    SpanData task = tracing.span("hatchet.start_step_run");
    SpanData producer = tracing.span("hatchet.run_workflow");
    assertThat(producer)
        .hasParent(task)
        .hasTraceId(TRACE_ID)
        .hasAttributesSatisfying(
            equalTo(stringKey("hatchet.workflow_name"), "child"),
            equalTo(stringKey("hatchet.parent_id"), parent.workflowRunId()),
            equalTo(stringKey("hatchet.parent_step_run_id"), parent.taskRunId()),
            equalTo(longKey("hatchet.child_index"), 0L),
            equalTo(stringKey("hatchet.child_key"), "k1"),
            equalTo(stringKey("hatchet.additional_metadata"), "{\"team\":\"a\"}"),
            equalTo(stringKey("hatchet.child_workflow_run_id"), childRunId),
            // From the attribute processor: the task that spawned it.
            equalTo(stringKey("hatchet.step_run_id"), parent.taskRunId()),
            equalTo(stringKey("hatchet.workflow_run_id"), parent.workflowRunId()));
    assertThat(producer.getAttributes().get(stringKey("hatchet.payload"))).as("an empty input is not recorded").isNull();
    assertThat(chain.get().proceeded.additionalMetadata()).containsEntry("traceparent", traceparentOf(producer));
  }

  @Test
  @SuppressWarnings("try")
  void tracestateTravelsWithTraceparent() throws Exception {
    SpanContext remote =
        SpanContext.createFromRemoteParent(TRACE_ID, PARENT_SPAN_ID, TraceFlags.getSampled(), TraceState.builder().put("vendor", "x").build());
    Calls.RecordingChain<WorkflowTrigger, String> chain = chain(trigger("w", Map.of()), t -> uuid());

    try (Scope ignored = Context.root().with(Span.wrap(remote)).makeCurrent()) {
      tracing.instrumentor().runWorkflow(chain);
    }

    SpanData span = tracing.span("hatchet.run_workflow");
    assertThat(span).hasParentSpanId(PARENT_SPAN_ID);
    assertThat(chain.proceeded.additionalMetadata())
        .containsEntry("traceparent", traceparentOf(span))
        .containsEntry("tracestate", "vendor=x");
  }

  @Test
  void namespaceIsRecordedAndLeftOutOfNames() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    instrumentor.onClientStart(Configs.config("localhost:7070", "prod"));

    instrumentor.runWorkflow(chain(trigger("prod_checkout", Map.of()), t -> uuid()));
    instrumentor.pushEvent(chain(new EventPush("prod_order:paid", "{}", Map.of(), null, null), e -> uuid()));

    assertThat(tracing.span("hatchet.run_workflow"))
        .hasAttribute(stringKey("hatchet.workflow_name"), "checkout")
        .hasAttribute(stringKey("hatchet.namespace"), "prod_");
    assertThat(tracing.span("hatchet.push_event")).hasAttribute(stringKey("hatchet.event_key"), "order:paid");
  }

  @Test
  void failedTriggerIsAnError() {
    RuntimeException refused = new IllegalArgumentException("unknown workflow");

    assertThatThrownBy(() -> tracing.instrumentor().runWorkflow(chain(trigger("nope", Map.of()), t -> {
          throw refused;
        })))
        .isSameAs(refused);

    SpanData span = tracing.span("hatchet.run_workflow");
    assertThat(span).hasStatus(StatusData.create(StatusCode.ERROR, "unknown workflow")).hasException(refused);
    assertThat(span.getAttributes().get(stringKey("hatchet.child_workflow_run_id"))).isNull();
  }

  @Test
  void noContextIsInjectedWithoutAValidSpan() throws Exception {
    HatchetInstrumentor instrumentor =
        HatchetInstrumentor.builder().setTracerProvider(TracerProvider.noop()).setEnvironment(Map.of()).build();
    Calls.RecordingChain<WorkflowTrigger, String> chain = chain(trigger("w", Map.of("team", "a")), t -> "id");

    instrumentor.runWorkflow(chain);

    assertThat(chain.proceeded.additionalMetadata()).containsExactlyEntriesOf(Map.of("team", "a"));
  }

  @Test
  void messagingConventionsOnAProducer() throws Exception {
    String runId = uuid();
    tracing.instrumentor(b -> b.setMessagingSemanticConventions(true)).runWorkflow(chain(trigger("checkout", Map.of()), t -> runId));

    assertThat(tracing.span("hatchet.run_workflow"))
        .hasAttribute(stringKey("messaging.system"), "hatchet")
        .hasAttribute(stringKey("messaging.operation.type"), "send")
        .hasAttribute(stringKey("messaging.operation.name"), "run_workflow")
        .hasAttribute(stringKey("messaging.destination.name"), "checkout")
        .hasAttribute(stringKey("messaging.message.id"), runId);
  }

  @Test
  void bulkRunSharesOneSpanByDefault() throws Exception {
    List<WorkflowTrigger> triggers =
        List.of(trigger("b", Map.of()), trigger("a", Map.of("team", "x")), trigger("b", Map.of()));
    Calls.RecordingChain<List<WorkflowTrigger>, List<String>> chain = chain(triggers, t -> List.of(uuid(), uuid(), uuid()));

    tracing.instrumentor().runWorkflows(chain);

    SpanData bulk = tracing.span("hatchet.run_workflows");
    assertThat(tracing.spans()).hasSize(1);
    assertThat(bulk)
        .hasKind(SpanKind.PRODUCER)
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(longKey("hatchet.num_workflows"), 3L),
            equalTo(stringKey("hatchet.unique_workflow_names"), "[\"a\",\"b\"]"),
            equalTo(stringKey("hatchet.payload"), "[{\"x\":1},{\"x\":1},{\"x\":1}]"));
    assertThat(chain.proceeded).extracting(t -> t.additionalMetadata().get("traceparent")).containsOnly(traceparentOf(bulk));
    assertThat(chain.proceeded.get(1).additionalMetadata()).containsEntry("team", "x");
  }

  @Test
  void bulkRunOfOneWorkflowNamesIt() throws Exception {
    tracing
        .instrumentor(b -> b.setExcludedAttributes(List.of("payload")))
        .runWorkflows(chain(List.of(trigger("a", Map.of()), trigger("a", Map.of())), t -> List.of(uuid(), uuid())));

    assertThat(tracing.span("hatchet.run_workflows"))
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(longKey("hatchet.num_workflows"), 2L),
            equalTo(stringKey("hatchet.unique_workflow_names"), "[\"a\"]"),
            equalTo(stringKey("hatchet.workflow_name"), "a"));
  }

  @Test
  void bulkRunWithIndividualSpansGivesEachRunItsOwnContext() throws Exception {
    List<String> ids = List.of(uuid(), uuid());
    Calls.RecordingChain<List<WorkflowTrigger>, List<String>> chain =
        chain(List.of(trigger("a", Map.of()), trigger("b", Map.of())), t -> ids);

    tracing.instrumentor(b -> b.setIndividualRunSpansForBulkRun(true)).runWorkflows(chain);

    SpanData bulk = tracing.span("hatchet.run_workflows");
    List<SpanData> items = tracing.spans().stream().filter(s -> s.getName().equals("hatchet.run_workflow")).toList();
    assertThat(items).hasSize(2).extracting(SpanData::getSpanId).doesNotHaveDuplicates();
    for (int i = 0; i < 2; i++) {
      String traceparent = chain.proceeded.get(i).additionalMetadata().get("traceparent");
      SpanData item = items.stream().filter(s -> traceparent.equals(traceparentOf(s))).findFirst().orElseThrow();
      assertThat(item)
          .hasParent(bulk)
          .hasKind(SpanKind.PRODUCER)
          .hasStatus(StatusData.unset())
          .hasEnded()
          .hasAttribute(stringKey("hatchet.workflow_name"), chain.request().get(i).workflowName())
          .hasAttribute(stringKey("hatchet.child_workflow_run_id"), ids.get(i));
    }
  }

  @Test
  void failedBulkRunFailsEveryItemSpan() {
    RuntimeException failure = new IllegalStateException("engine down");

    assertThatThrownBy(
            () ->
                tracing
                    .instrumentor(b -> b.setIndividualRunSpansForBulkRun(true))
                    .runWorkflows(chain(List.of(trigger("a", Map.of()), trigger("b", Map.of())), t -> {
                      throw failure;
                    })))
        .isSameAs(failure);

    assertThat(tracing.spans()).hasSize(3).allSatisfy(span -> assertThat(span)
        .hasStatus(StatusData.create(StatusCode.ERROR, "engine down"))
        .hasException(failure)
        .hasEnded());
  }

  @Test
  void scheduleRecordsItsTimesAndInjectsItsContext() throws Exception {
    Instant at = Instant.parse("2030-01-02T03:04:05Z");
    WorkflowSchedule schedule = new WorkflowSchedule("report", "{\"day\":1}", Map.of("team", "a"), 3, List.of(at));
    Calls.RecordingChain<WorkflowSchedule, List<String>> chain = chain(schedule, s -> List.of(uuid()));

    tracing.instrumentor().scheduleWorkflow(chain);

    SpanData span = tracing.span("hatchet.schedule_workflow");
    assertThat(span)
        .hasKind(SpanKind.PRODUCER)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(stringKey("hatchet.workflow_name"), "report"),
            equalTo(stringKey("hatchet.run_at_timestamps"), "[\"2030-01-02T03:04:05Z\"]"),
            equalTo(stringKey("hatchet.trigger_at"), "2030-01-02T03:04:05Z"),
            equalTo(stringKey("hatchet.payload"), "{\"day\":1}"),
            equalTo(stringKey("hatchet.additional_metadata"), "{\"team\":\"a\"}"),
            equalTo(longKey("hatchet.priority"), 3L));
    assertThat(chain.proceeded.additionalMetadata()).containsEntry("traceparent", traceparentOf(span)).containsEntry("team", "a");
  }

  @Test
  void scheduleOfSeveralTimesListsThem() throws Exception {
    WorkflowSchedule schedule =
        new WorkflowSchedule("r", "{}", Map.of(), null, List.of(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-02T00:00:00Z")));

    tracing.instrumentor().scheduleWorkflow(chain(schedule, s -> List.of(uuid(), uuid())));

    assertThat(tracing.span("hatchet.schedule_workflow"))
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(stringKey("hatchet.workflow_name"), "r"),
            equalTo(stringKey("hatchet.run_at_timestamps"), "[\"2030-01-01T00:00:00Z\",\"2030-01-02T00:00:00Z\"]"));
  }

  @Test
  void pushOutsideATaskCarriesItsContextOnly() throws Exception {
    EventPush event = new EventPush("order:paid", "{\"id\":7}", Map.of("team", "a"), 2, "tenant-9");
    Calls.RecordingChain<EventPush, String> chain = chain(event, e -> uuid());

    tracing.instrumentor().pushEvent(chain);

    SpanData span = tracing.span("hatchet.push_event");
    assertThat(span)
        .hasKind(SpanKind.PRODUCER)
        .hasNoParent()
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(stringKey("hatchet.event_key"), "order:paid"),
            equalTo(stringKey("hatchet.payload"), "{\"id\":7}"),
            equalTo(stringKey("hatchet.additional_metadata"), "{\"team\":\"a\"}"),
            equalTo(longKey("hatchet.priority"), 2L),
            equalTo(stringKey("hatchet.scope"), "tenant-9"));
    assertThat(chain.proceeded.additionalMetadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("team", "a", "traceparent", traceparentOf(span)));
  }

  @Test
  void pushInsideATaskCarriesTheTasksRunIds() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    AtomicReference<Calls.RecordingChain<EventPush, String>> chain = new AtomicReference<>();

    ActionInfo task =
        inTask(instrumentor, Map.of(), run -> {
          chain.set(chain(new EventPush("k", "{}", Map.of(), null, null), e -> uuid()));
          return instrumentor.pushEvent(chain.get());
        });

    SpanData span = tracing.span("hatchet.push_event");
    assertThat(span).hasParent(tracing.span("hatchet.start_step_run")).hasAttribute(stringKey("hatchet.step_run_id"), task.taskRunId());
    assertThat(chain.get().proceeded.additionalMetadata())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "traceparent", traceparentOf(span),
                "hatchet__source_workflow_run_id", task.workflowRunId(),
                "hatchet__source_step_run_id", task.taskRunId()));
  }

  @Test
  void bulkPushGivesEveryEventTheSameContextAndSourceIds() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    AtomicReference<Calls.RecordingChain<List<EventPush>, List<String>>> chain = new AtomicReference<>();
    List<EventPush> events = List.of(new EventPush("b", "{\"n\":1}", Map.of(), null, null), new EventPush("a", "{\"n\":2}", Map.of("x", "y"), null, null));

    ActionInfo task =
        inTask(instrumentor, Map.of(), run -> {
          chain.set(chain(events, e -> List.of(uuid(), uuid())));
          return instrumentor.bulkPushEvent(chain.get());
        });

    SpanData span = tracing.span("hatchet.bulk_push_event");
    assertThat(span)
        .hasKind(SpanKind.PRODUCER)
        .hasParent(tracing.span("hatchet.start_step_run"))
        .hasAttributesSatisfying(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(longKey("hatchet.num_events"), 2L),
            equalTo(stringKey("hatchet.unique_event_keys"), "[\"a\",\"b\"]"),
            equalTo(stringKey("hatchet.payload"), "[{\"n\":1},{\"n\":2}]"));
    assertThat(span.getAttributes().get(stringKey("hatchet.event_key"))).as("two keys: none is the key").isNull();
    assertThat(chain.get().proceeded).allSatisfy(event -> assertThat(event.additionalMetadata())
        .containsEntry("traceparent", traceparentOf(span))
        .containsEntry("hatchet__source_workflow_run_id", task.workflowRunId())
        .containsEntry("hatchet__source_step_run_id", task.taskRunId()));
    assertThat(chain.get().proceeded.get(1).additionalMetadata()).containsEntry("x", "y");
  }

  @Test
  void bulkPushOfOneKeyOutsideATask() throws Exception {
    Calls.RecordingChain<List<EventPush>, List<String>> chain =
        chain(List.of(new EventPush("k", "{}", Map.of(), null, null)), e -> List.of(uuid()));

    tracing.instrumentor().bulkPushEvent(chain);

    assertThat(tracing.span("hatchet.bulk_push_event"))
        .hasNoParent()
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(longKey("hatchet.num_events"), 1L),
            equalTo(stringKey("hatchet.unique_event_keys"), "[\"k\"]"),
            equalTo(stringKey("hatchet.event_key"), "k"),
            equalTo(stringKey("hatchet.payload"), "[{}]"));
    assertThat(chain.proceeded.get(0).additionalMetadata()).containsOnlyKeys("traceparent");
  }
}
