package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static io.hatchet4j.opentelemetry.Calls.fullAction;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.TaskRun;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttributeProcessorTest {
  private final InMemoryTracing tracing = new InMemoryTracing();
  private final Tracer userTracer = tracing.provider.get("user-code");
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    tracing.close();
  }

  private ActionInfo runTask(HatchetInstrumentor instrumentor, ActionInfo action, Calls.Terminal<TaskRun, Object> body) throws Exception {
    instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), body));
    return action;
  }

  @Test
  void spansStartedInATaskGetItsAttributesButNotItsPayload() throws Exception {
    ActionInfo task =
        runTask(tracing.instrumentor(), fullAction(Map.of()), run -> {
          userTracer.spanBuilder("custom").setAttribute("hatchet.step_name", "mine").startSpan().end();
          return null;
        });

    SpanData custom = tracing.span("custom");
    assertThat(custom)
        .hasParent(tracing.span("hatchet.start_step_run"))
        .hasAttributesSatisfyingExactly(Expected.fullTask(task, equalTo(stringKey("hatchet.step_name"), "mine")));
  }

  @Test
  void spansOnAThreadGivenTheTasksContextGetItsAttributes() throws Exception {
    ExecutorService wrapped = Context.taskWrapping(pool);

    ActionInfo task =
        runTask(tracing.instrumentor(), action(Map.of()), run -> {
          wrapped.submit(() -> userTracer.spanBuilder("on-wrapped-pool").startSpan().end()).get();
          pool.submit(() -> userTracer.spanBuilder("on-plain-pool").startSpan().end()).get();
          return null;
        });

    assertThat(tracing.span("on-wrapped-pool"))
        .hasParent(tracing.span("hatchet.start_step_run"))
        .hasAttribute(stringKey("hatchet.step_run_id"), task.taskRunId());
    assertThat(tracing.span("on-plain-pool")).hasNoParent().hasTotalAttributeCount(0);
  }

  @Test
  void spansOutsideATaskOrParentedOutsideItGetNothing() throws Exception {
    userTracer.spanBuilder("before").startSpan().end();
    runTask(tracing.instrumentor(), action(Map.of()), run -> {
      userTracer.spanBuilder("detached").setNoParent().startSpan().end();
      return null;
    });
    userTracer.spanBuilder("after").startSpan().end();

    for (String name : new String[] {"before", "detached", "after"}) {
      assertThat(tracing.span(name)).hasNoParent().hasTotalAttributeCount(0);
    }
  }

  @Test
  void attributesDoNotLeakFromOneTaskToTheNextOnTheSameThread() throws Exception {
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    ActionInfo first = runTask(instrumentor, action(Map.of()), run -> null);
    ActionInfo second =
        runTask(instrumentor, action(Map.of()), run -> {
          userTracer.spanBuilder("in-second").startSpan().end();
          return null;
        });

    assertThat(first.taskRunId()).isNotEqualTo(second.taskRunId());
    assertThat(tracing.span("in-second")).hasAttribute(stringKey("hatchet.step_run_id"), second.taskRunId());
  }

  @Test
  void excludedAttributesAreNotCopiedEither() throws Exception {
    runTask(tracing.instrumentor(b -> b.setExcludedAttributes(java.util.List.of("tenant_id"))), action(Map.of()), run -> {
      userTracer.spanBuilder("custom").startSpan().end();
      return null;
    });

    assertThat(tracing.span("custom").getAttributes().get(stringKey("hatchet.tenant_id"))).isNull();
  }
}
