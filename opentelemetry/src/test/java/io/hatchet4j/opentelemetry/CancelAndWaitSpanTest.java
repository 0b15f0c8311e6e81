package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.PARENT_SPAN_ID;
import static io.hatchet4j.opentelemetry.Calls.TRACEPARENT;
import static io.hatchet4j.opentelemetry.Calls.TRACE_ID;
import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.workflow.Condition;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CancelAndWaitSpanTest {
  private final InMemoryTracing tracing = new InMemoryTracing();

  @AfterEach
  void close() {
    tracing.close();
  }

  @Test
  void cancelStepRunHasOnlyTheTaskRunIdInTheTasksTrace() throws Exception {
    ActionInfo action = action(Map.of("traceparent", TRACEPARENT));
    AtomicBoolean cancelled = new AtomicBoolean();

    tracing
        .instrumentor(b -> b.setExcludedAttributes(List.of("step_run_id")))
        .cancelTask(chain(new TaskCancellation(action, true), c -> {
          cancelled.set(true);
          return null;
        }));

    assertThat(cancelled).isTrue();
    assertThat(tracing.span("hatchet.cancel_step_run"))
        .hasKind(SpanKind.CONSUMER)
        .hasTraceId(TRACE_ID)
        .hasParentSpanId(PARENT_SPAN_ID)
        .hasStatus(StatusData.unset())
        .hasEnded()
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            // Not subject to exclusions, as in the official SDKs.
            equalTo(stringKey("hatchet.step_run_id"), action.taskRunId()));
  }

  @Test
  void cancelOfAnUnknownTaskIsARoot() throws Exception {
    tracing.instrumentor().cancelTask(chain(new TaskCancellation(action(Map.of()), false), c -> null));

    assertThat(tracing.span("hatchet.cancel_step_run")).hasNoParent();
  }

  @Test
  void failedCancellationIsAnError() {
    IllegalStateException failure = new IllegalStateException("cannot interrupt");

    assertThatThrownBy(() -> tracing.instrumentor().cancelTask(chain(new TaskCancellation(action(Map.of()), true), c -> {
          throw failure;
        })))
        .isSameAs(failure);

    assertThat(tracing.span("hatchet.cancel_step_run"))
        .hasStatus(StatusData.create(StatusCode.ERROR, "cannot interrupt"))
        .hasException(failure);
  }

  @Test
  void durableWaitIsAChildOfTheTaskWithTheRealNumberOfConditions() throws Exception {
    ActionInfo action = action(Map.of());
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    DurableWait wait =
        new DurableWait(
            action,
            "wait-1",
            List.of(
                Condition.sleep(Duration.ofSeconds(10)),
                Condition.anyOf(Condition.userEvent("a"), Condition.userEvent("b", "input.x > 1"))));
    JsonNode satisfied = JsonNodeFactory.instance.objectNode().put("a", true);

    instrumentor.executeTask(
        chain(new TaskRun(action, new TestTaskContext(action)), run -> instrumentor.durableWaitFor(chain(wait, w -> satisfied))));

    assertThat(tracing.span("hatchet.durable.wait_for"))
        .hasKind(SpanKind.INTERNAL)
        .hasParent(tracing.span("hatchet.start_step_run"))
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(stringKey("hatchet.signal_key"), "wait-1"),
            equalTo(longKey("hatchet.num_conditions"), 3L),
            equalTo(stringKey("hatchet.step_run_id"), action.taskRunId()));
  }

  @Test
  void durableWaitOnItsOwnHasExactlyItsAttributes() throws Exception {
    ActionInfo action = action(Map.of());
    DurableWait wait = new DurableWait(action, "sleep-1", List.of(Condition.sleep(Duration.ofSeconds(1))));

    tracing.instrumentor().durableWaitFor(chain(wait, w -> null));

    assertThat(tracing.span("hatchet.durable.wait_for"))
        .hasNoParent()
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(stringKey("hatchet.signal_key"), "sleep-1"),
            equalTo(longKey("hatchet.num_conditions"), 1L),
            equalTo(stringKey("hatchet.step_run_id"), action.taskRunId()));
  }

  @Test
  void failedWaitIsAnErrorAndExclusionsApply() {
    DurableWait wait = new DurableWait(action(Map.of()), "w", List.of(Condition.userEvent("never")));
    IllegalStateException failure = new IllegalStateException("evicted");

    assertThatThrownBy(
            () ->
                tracing
                    .instrumentor(b -> b.setExcludedAttributes(List.of("signal_key", "num_conditions")))
                    .durableWaitFor(chain(wait, w -> {
                      throw failure;
                    })))
        .isSameAs(failure);

    assertThat(tracing.span("hatchet.durable.wait_for"))
        .hasStatus(StatusData.create(StatusCode.ERROR, "evicted"))
        .hasException(failure)
        .hasAttributesSatisfyingExactly(
            equalTo(stringKey("instrumentor"), "hatchet"),
            equalTo(stringKey("hatchet.step_run_id"), wait.action().taskRunId()));
  }
}
