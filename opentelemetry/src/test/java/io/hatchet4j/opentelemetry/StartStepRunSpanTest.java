package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.PARENT_SPAN_ID;
import static io.hatchet4j.opentelemetry.Calls.TRACEPARENT;
import static io.hatchet4j.opentelemetry.Calls.TRACE_ID;
import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static io.hatchet4j.opentelemetry.Calls.fullAction;
import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.TaskRun;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

class StartStepRunSpanTest {
  private final InMemoryTracing tracing = new InMemoryTracing();

  @AfterEach
  void close() {
    tracing.close();
    MDC.clear();
  }

  private static Object execute(HatchetInstrumentor instrumentor, ActionInfo action, Calls.Terminal<TaskRun, Object> handler)
      throws Exception {
    return instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), handler));
  }

  @Test
  void carriesEveryTaskAttributeTypedUnderTheTriggersSpan() throws Exception {
    ActionInfo action = fullAction(Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=x", "team", "a"));

    Object output = execute(tracing.instrumentor(), action, run -> "done");

    assertThat(output).isEqualTo("done");
    assertThat(tracing.span("hatchet.start_step_run"))
        .hasKind(SpanKind.CONSUMER)
        .hasTraceId(TRACE_ID)
        .hasParentSpanId(PARENT_SPAN_ID)
        .hasTraceState(TraceState.builder().put("vendor", "x").build())
        .hasStatus(StatusData.ok())
        .hasEnded()
        .hasAttributesSatisfyingExactly(
            Expected.fullTask(
                action,
                equalTo(stringKey("instrumentor"), "hatchet"),
                equalTo(stringKey("hatchet.payload"), "{\"input\":{\"n\":2}}"),
                equalTo(stringKey("hatchet.step_name"), "work")));
  }

  @Test
  void firstAttemptRecordsRetryCountZeroAndOmitsAbsentValues() throws Exception {
    ActionInfo action = action(Map.of());

    execute(tracing.instrumentor(), action, run -> null);

    assertThat(tracing.span("hatchet.start_step_run"))
        .hasNoParent()
        .hasAttributesSatisfyingExactly(
            concat(
                Expected.ids(action),
                equalTo(stringKey("instrumentor"), "hatchet"),
                equalTo(longKey("hatchet.retry_count"), 0L),
                equalTo(stringKey("hatchet.payload"), "{\"input\":{\"n\":1}}"),
                equalTo(stringKey("hatchet.workflow_name"), "simple"),
                equalTo(stringKey("hatchet.action_name"), "simple:step"),
                equalTo(stringKey("hatchet.step_name"), "step")));
  }

  private static List<AttributeAssertion> concat(List<AttributeAssertion> first, AttributeAssertion... more) {
    List<AttributeAssertion> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void emptyValuesAndNonUuidRunIdsAreOmitted() throws Exception {
    // The engine's collector drops a whole batch over a run id that is not a UUID.
    ActionInfo action =
        new ActionInfo("", "", "run-1", "", "task-1", "w:t", "t", "w", 0, "", Map.of(), 1, "", null, "", "", "", "", "");

    execute(tracing.instrumentor(), action, run -> null);

    assertThat(tracing.span("hatchet.start_step_run"))
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(longKey("hatchet.retry_count"), 0L),
            equalTo(stringKey("hatchet.workflow_name"), "w"),
            equalTo(stringKey("hatchet.action_name"), "w:t"),
            equalTo(stringKey("hatchet.step_name"), "t"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736",
        "00-zzf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
      })
  void malformedTraceparentStartsANewTrace(String traceparent) throws Exception {
    Object output = execute(tracing.instrumentor(), action(Map.of("traceparent", traceparent)), run -> "ok");

    assertThat(output).isEqualTo("ok");
    assertThat(tracing.span("hatchet.start_step_run")).hasNoParent().hasStatus(StatusData.ok());
  }

  @Test
  void nameCarriesTheActionIdWhenAsked() throws Exception {
    execute(tracing.instrumentor(b -> b.setIncludeTaskNameInSpanName(true)), fullAction(Map.of()), run -> null);

    assertThat(tracing.spans()).extracting(SpanData::getName).containsExactly("hatchet.start_step_run.child:work");
  }

  @Test
  void failureIsAnErrorWithMessageAndException() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> execute(tracing.instrumentor(), action(Map.of()), run -> {
          throw boom;
        }))
        .isSameAs(boom);

    assertThat(tracing.span("hatchet.start_step_run"))
        .hasStatus(StatusData.create(StatusCode.ERROR, "boom"))
        .hasException(boom)
        .hasEnded();
  }

  @Test
  void cancellationIsRecordedApartFromFailure() {
    ActionInfo action = action(Map.of());
    TestTaskContext context = new TestTaskContext(action);
    InterruptedException interrupted = new InterruptedException("sleep interrupted");

    assertThatThrownBy(
            () ->
                tracing.instrumentor().executeTask(chain(new TaskRun(action, context), run -> {
                  context.cancelled = true;
                  throw interrupted;
                })))
        .isSameAs(interrupted);

    assertThat(tracing.span("hatchet.start_step_run"))
        .hasStatus(StatusData.unset())
        .hasTotalRecordedEvents(0)
        .hasAttribute(booleanKey("hatchet.cancelled"), true);
  }

  @Test
  void cancelledTaskThatReturnsIsStillCancelled() throws Exception {
    ActionInfo action = action(Map.of());
    TestTaskContext context = new TestTaskContext(action);

    tracing.instrumentor().executeTask(chain(new TaskRun(action, context), run -> {
      context.cancelled = true;
      return null;
    }));

    assertThat(tracing.span("hatchet.start_step_run"))
        .hasStatus(StatusData.unset())
        .hasAttribute(booleanKey("hatchet.cancelled"), true);
  }

  @Test
  void excludedAttributesAreNotRecorded() throws Exception {
    HatchetInstrumentor instrumentor =
        tracing.instrumentor(b -> b.setExcludedAttributes(List.of("payload", "tenant_id", "retry_count", "child_workflow_key")));

    execute(instrumentor, fullAction(Map.of()), run -> null);

    SpanData span = tracing.span("hatchet.start_step_run");
    assertThat(span.getAttributes().asMap().keySet())
        .extracting(key -> key.getKey())
        .doesNotContain("hatchet.payload", "hatchet.tenant_id", "hatchet.retry_count", "hatchet.child_workflow_key")
        .contains("instrumentor", "hatchet.step_run_id", "hatchet.workflow_run_id");
  }

  @Test
  void handlerRunsWithTheTaskSpanCurrentAndItsIdsInTheMdc() throws Exception {
    ActionInfo action = action(Map.of("traceparent", TRACEPARENT));
    MDC.put("trace_id", "outer");
    AtomicReference<SpanContext> current = new AtomicReference<>();
    AtomicReference<Map<String, String>> mdc = new AtomicReference<>();

    execute(tracing.instrumentor(), action, run -> {
      current.set(Span.current().getSpanContext());
      mdc.set(MDC.getCopyOfContextMap());
      return null;
    });

    SpanData span = tracing.span("hatchet.start_step_run");
    assertThat(current.get()).isEqualTo(span.getSpanContext());
    assertThat(mdc.get())
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("span_id", span.getSpanId())
        .containsEntry("hatchet_task_run_id", action.taskRunId());
    assertThat(MDC.get("trace_id")).as("restored").isEqualTo("outer");
    assertThat(MDC.get("span_id")).isNull();
    assertThat(MDC.get("hatchet_task_run_id")).isNull();
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void childRunsStartALinkedTraceWhenLinksAreOn() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor(b -> b.setChildRunLinks(true));

    execute(instrumentor, fullAction(Map.of("traceparent", TRACEPARENT)), run -> null);
    execute(instrumentor, action(Map.of("traceparent", TRACEPARENT)), run -> null);

    SpanData child = tracing.spans().get(0);
    assertThat(child).hasNoParent().hasLinksSatisfying(links -> assertThat(links).singleElement().satisfies(link -> {
      assertThat(link.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(PARENT_SPAN_ID);
    }));
    assertThat(child.getTraceId()).isNotEqualTo(TRACE_ID);
    assertThat(tracing.spans().get(1)).as("a top-level run keeps its parent").hasParentSpanId(PARENT_SPAN_ID).hasTotalRecordedLinks(0);
  }

  @Test
  void messagingConventionsAreOptIn() throws Exception {
    ActionInfo action = action(Map.of());
    execute(tracing.instrumentor(), action, run -> null);
    assertThat(tracing.spans().get(0).getAttributes().get(stringKey("messaging.system"))).isNull();
    tracing.exporter.reset();

    RuntimeException failure = new IllegalArgumentException("bad input");
    assertThatThrownBy(() -> execute(tracing.instrumentor(b -> b.setMessagingSemanticConventions(true)), action, run -> {
          throw failure;
        }))
        .isSameAs(failure);

    assertThat(tracing.span("hatchet.start_step_run"))
        .hasAttribute(stringKey("messaging.system"), "hatchet")
        .hasAttribute(stringKey("messaging.operation.type"), "process")
        .hasAttribute(stringKey("messaging.operation.name"), "start_step_run")
        .hasAttribute(stringKey("messaging.destination.name"), "simple:step")
        .hasAttribute(stringKey("messaging.message.id"), action.taskRunId())
        .hasAttribute(stringKey("error.type"), "java.lang.IllegalArgumentException");
  }
}
