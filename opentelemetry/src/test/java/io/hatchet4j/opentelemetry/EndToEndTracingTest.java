package io.hatchet4j.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineClock;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.VirtualClock;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Through the embedded engine: a client, a worker, a task that spawns a child and traces its own work. */
class EndToEndTracingTest {
  record Numbers(int n) {}

  record Result(int value) {}

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  @Timeout(60)
  void aRunAndItsChildMakeOneTrace() throws Exception {
    InMemoryTracing tracing = new InMemoryTracing();
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    Tracer userTracer = tracing.provider.get("user-code");
    Workflow<Numbers, Result> child =
        Workflow.standalone(
            Task.builder("otel-child", Numbers.class, Result.class).setHandler((in, ctx) -> new Result(in.n() * 2)).build());
    Workflow<Numbers, Result> parent =
        Workflow.standalone(
            Task.builder("otel-parent", Numbers.class, Result.class)
                .setHandler(
                    (in, ctx) -> {
                      userTracer.spanBuilder("custom.work").startSpan().end();
                      return ctx.runChild(child, new Numbers(in.n() + 1));
                    })
                .build());

    try (Deployment deployment = Deployment.start(instrumentor, parent, child)) {
      Hatchet hatchet = deployment.hatchet;
      HatchetEngine engine = deployment.engine;

      assertThat(hatchet.run(parent, new Numbers(1)).value()).isEqualTo(4);

      List<SpanData> spans = awaitSpans(tracing, 5);
      SpanData trigger = only(spans, "hatchet.run_workflow", "otel-parent");
      SpanData parentTask = only(spans, "hatchet.start_step_run", "e2e_otel-parent");
      SpanData custom = only(spans, "custom.work", null);
      SpanData childTrigger = only(spans, "hatchet.run_workflow", "otel-child");
      SpanData childTask = only(spans, "hatchet.start_step_run", "e2e_otel-child");

      assertThat(spans).extracting(SpanData::getTraceId).containsOnly(trigger.getTraceId());
      assertThat(trigger).hasNoParent().hasKind(SpanKind.PRODUCER).hasAttribute(stringKey("hatchet.namespace"), "e2e_");
      assertThat(parentTask)
          .hasParent(trigger)
          .hasKind(SpanKind.CONSUMER)
          .hasStatus(StatusData.ok())
          .hasAttribute(stringKey("hatchet.workflow_run_id"), trigger.getAttributes().get(stringKey("hatchet.child_workflow_run_id")))
          .hasAttribute(longKey("hatchet.retry_count"), 0L)
          .hasAttribute(stringKey("hatchet.step_name"), "otel-parent")
          .hasAttribute(stringKey("hatchet.tenant_id"), engine.tenantId());
      String parentTaskRunId = parentTask.getAttributes().get(stringKey("hatchet.step_run_id"));
      assertThat(custom)
          .hasParent(parentTask)
          .hasAttribute(stringKey("hatchet.step_run_id"), parentTaskRunId)
          .hasAttribute(stringKey("hatchet.workflow_run_id"), parentTask.getAttributes().get(stringKey("hatchet.workflow_run_id")))
          .hasAttribute(stringKey("hatchet.step_name"), "otel-parent");
      assertThat(childTrigger)
          .hasParent(parentTask)
          .hasKind(SpanKind.PRODUCER)
          .hasAttribute(stringKey("hatchet.parent_step_run_id"), parentTaskRunId)
          .hasAttribute(longKey("hatchet.child_index"), 0L)
          .hasAttribute(stringKey("hatchet.step_run_id"), parentTaskRunId);
      assertThat(childTask)
          .hasParent(childTrigger)
          .hasStatus(StatusData.ok())
          .hasAttribute(stringKey("hatchet.workflow_run_id"), childTrigger.getAttributes().get(stringKey("hatchet.child_workflow_run_id")));
    } finally {
      tracing.close();
    }
  }

  @Test
  @Timeout(60)
  void theOneLineSetupDeliversSpansToTheEnginesCollector() throws Exception {
    HatchetInstrumentor instrumentor =
        HatchetInstrumentor.builder().setEnvironment(Map.of()).setScheduleDelayMillis(50).build();
    AtomicReference<Hatchet> client = new AtomicReference<>();
    Workflow<Numbers, Result> task =
        Workflow.standalone(
            Task.builder("otel-collected", Numbers.class, Result.class)
                .setHandler(
                    (in, ctx) -> {
                      instrumentor.tracerProvider().get("user-code").spanBuilder("custom.collected").startSpan().end();
                      client.get().push("otel:done", Map.of("n", in.n()));
                      return new Result(in.n());
                    })
                .build());

    try (Deployment deployment = Deployment.start(instrumentor, task)) {
      Hatchet hatchet = deployment.hatchet;
      HatchetEngine engine = deployment.engine;
      client.set(hatchet);

      RunRef<Result> run = hatchet.runNoWait(task, new Numbers(7));
      assertThat(run.await(WAIT).value()).isEqualTo(7);
      instrumentor.forceFlush().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      JsonNode rows = awaitStoredSpans(engine, run.runId(), "hatchet.push_event");
      Map<String, JsonNode> byName = new HashMap<>();
      rows.forEach(row -> byName.putIfAbsent(row.path("spanName").asText(), row));
      assertThat(byName).containsKeys("hatchet.run_workflow", "hatchet.start_step_run", "custom.collected", "hatchet.push_event");
      JsonNode consumer = byName.get("hatchet.start_step_run");
      assertThat(consumer.path("spanAttributes").path("instrumentor").asText()).isEqualTo("hatchet");
      assertThat(consumer.path("serviceName").asText()).isEqualTo("hatchet-worker");
      String taskRunId = consumer.path("spanAttributes").path("hatchet.step_run_id").asText();
      assertThat(byName.get("custom.collected").path("spanAttributes").path("hatchet.step_run_id").asText()).isEqualTo(taskRunId);
      assertThat(byName.get("hatchet.push_event").path("spanAttributes").path("hatchet.event_key").asText()).isEqualTo("otel:done");
      assertThat(rows).extracting(row -> row.path("traceId").asText()).containsOnly(consumer.path("traceId").asText());
    } finally {
      instrumentor.close();
    }
  }

  @Test
  @Timeout(60)
  void durableWaitsAndSchedulesAreTraced() throws Exception {
    InMemoryTracing tracing = new InMemoryTracing();
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    Workflow<Numbers, Result> durable =
        Workflow.standalone(
            Task.builder("otel-durable", Numbers.class, Result.class)
                .setDurableHandler(
                    (in, ctx) -> {
                      ctx.sleepFor(Duration.ofSeconds(1));
                      return new Result(in.n());
                    })
                .build());
    Workflow<Numbers, Result> later =
        Workflow.standalone(
            Task.builder("otel-later", Numbers.class, Result.class).setHandler((in, ctx) -> new Result(in.n())).build());

    try (Deployment deployment = Deployment.start(instrumentor, durable, later)) {
      Hatchet hatchet = deployment.hatchet;
      VirtualClock clock = deployment.clock;
      Instant wakeUp = clock.now().plusSeconds(1);
      RunRef<Result> slept = hatchet.runNoWait(durable, new Numbers(3));
      awaitTimer(clock, wakeUp); // the sleep reached the engine
      clock.advance(Duration.ofSeconds(1));
      assertThat(slept.await(WAIT).value()).isEqualTo(3);
      hatchet.schedule(later, clock.now().plusSeconds(1), new Numbers(5));
      clock.advance(Duration.ofSeconds(1));

      List<SpanData> spans = awaitSpans(tracing, named("hatchet.start_step_run", 2));
      SpanData durableTask = only(spans, "hatchet.start_step_run", "e2e_otel-durable");
      assertThat(only(spans, "hatchet.durable.wait_for", null))
          .hasParent(durableTask)
          .hasKind(SpanKind.INTERNAL)
          .hasAttribute(longKey("hatchet.num_conditions"), 1L)
          .hasAttribute(stringKey("hatchet.step_run_id"), durableTask.getAttributes().get(stringKey("hatchet.step_run_id")));
      SpanData schedule = only(spans, "hatchet.schedule_workflow", "otel-later");
      assertThat(only(spans, "hatchet.start_step_run", "e2e_otel-later")).hasParent(schedule);
    } finally {
      tracing.close();
    }
  }

  @Test
  @Timeout(60)
  void aTaskCancelledByItsTimeoutIsRecordedAsCancelled() throws Exception {
    InMemoryTracing tracing = new InMemoryTracing();
    HatchetInstrumentor instrumentor = tracing.instrumentor();
    CountDownLatch running = new CountDownLatch(1);
    Workflow<Numbers, Result> stuck =
        Workflow.standalone(
            Task.builder("otel-stuck", Numbers.class, Result.class)
                .setExecutionTimeout(Duration.ofSeconds(1))
                .setHandler(
                    (in, ctx) -> {
                      running.countDown();
                      new CountDownLatch(1).await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // until cancelled
                      return new Result(in.n());
                    })
                .build());

    try (Deployment deployment = Deployment.start(instrumentor, stuck)) {
      // The engine cancels the attempt when it outlives its execution timeout.
      deployment.hatchet.runNoWait(stuck, new Numbers(4));
      assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      deployment.clock.advance(Duration.ofSeconds(1)); // the timeout runs from the assignment

      List<SpanData> spans = awaitSpans(tracing, named("hatchet.cancel_step_run", 1).and(named("hatchet.start_step_run", 1)));
      SpanData task = only(spans, "hatchet.start_step_run", "e2e_otel-stuck");
      assertThat(task).hasStatus(StatusData.unset()).hasAttribute(booleanKey("hatchet.cancelled"), true);
      assertThat(only(spans, "hatchet.cancel_step_run", null))
          .hasTraceId(task.getTraceId())
          .hasAttribute(stringKey("hatchet.step_run_id"), task.getAttributes().get(stringKey("hatchet.step_run_id")));
    } finally {
      tracing.close();
    }
  }

  private static Predicate<List<SpanData>> named(String name, int count) {
    return spans -> spans.stream().filter(span -> span.getName().equals(name)).count() >= count;
  }

  /** An embedded engine, a client of it in namespace {@code e2e} traced by an instrumentor, and a worker. */
  private static final class Deployment implements AutoCloseable {
    /** The engine's time: its timers fire when a test advances it. */
    final VirtualClock clock = EngineClock.virtual();
    final HatchetEngine engine;
    final Hatchet hatchet;
    final Worker worker;

    private Deployment(HatchetInstrumentor instrumentor, Workflow<?, ?>... workflows) {
      engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setClock(clock).build());
      hatchet =
          Hatchet.builder()
              .setToken(engine.token())
              .setHostPort(engine.grpcTarget())
              .setTlsStrategy(TlsStrategy.NONE)
              .setEnvironment(Map.of())
              .setNamespace("e2e")
              .addInterceptor(instrumentor)
              .build();
      worker = hatchet.newWorker(WorkerOptions.builder().setName("otel-e2e").setSlots(4).setShutdownTimeout(Duration.ofSeconds(5)).build());
      for (Workflow<?, ?> workflow : workflows) {
        worker.register(workflow);
      }
      worker.start();
    }

    static Deployment start(HatchetInstrumentor instrumentor, Workflow<?, ?>... workflows) {
      return new Deployment(instrumentor, workflows);
    }

    @Override
    public void close() {
      worker.close();
      hatchet.close();
      engine.close();
    }
  }

  /** The engine's stored spans of {@code runId}'s trace, once one is named {@code name}. */
  private static JsonNode awaitStoredSpans(HatchetEngine engine, String runId, String name) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                engine.httpUrl().resolve("/api/v1/stable/tenants/" + engine.tenantId() + "/traces?run_external_id=" + runId))
            .header("Authorization", "Bearer " + engine.token())
            .build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      last = response.statusCode() + " " + response.body();
      if (response.statusCode() == 200) {
        JsonNode rows = new ObjectMapper().readTree(response.body()).path("rows");
        for (JsonNode row : rows) {
          if (row.path("spanName").asText().equals(name)) {
            return rows;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no stored span named " + name + " within " + WAIT + "; last answer: " + last);
  }

  /** Waits until the engine has set a timer for {@code at}; polls until {@link #WAIT}. */
  private static void awaitTimer(VirtualClock clock, Instant at) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!clock.pendingTimers().contains(at)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no timer at " + at + " within " + WAIT + "; pending: " + clock.pendingTimers());
      }
      Thread.sleep(20);
    }
  }

  /** The finished spans, once there are at least {@code count}; polls until {@link #WAIT}. */
  private static List<SpanData> awaitSpans(InMemoryTracing tracing, int count) throws InterruptedException {
    return awaitSpans(tracing, spans -> spans.size() >= count);
  }

  /** The finished spans, once they satisfy {@code done}; polls until {@link #WAIT}. */
  private static List<SpanData> awaitSpans(InMemoryTracing tracing, Predicate<List<SpanData>> done) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.test(tracing.spans())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the expected spans did not finish within " + WAIT + "; got " + tracing.spans());
      }
      Thread.sleep(20);
    }
    return tracing.spans();
  }

  /** The one span named {@code name} whose {@code hatchet.workflow_name} is {@code workflow} (any if null). */
  private static SpanData only(List<SpanData> spans, String name, String workflow) {
    List<SpanData> matching =
        spans.stream()
            .filter(s -> s.getName().equals(name))
            .filter(s -> workflow == null || workflow.equals(s.getAttributes().get(stringKey("hatchet.workflow_name"))))
            .toList();
    assertThat(matching).as("%s of %s among %s", name, workflow, spans).hasSize(1);
    return matching.get(0);
  }
}
