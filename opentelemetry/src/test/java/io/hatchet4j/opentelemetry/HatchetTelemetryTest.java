package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static io.hatchet4j.opentelemetry.Calls.uuid;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HatchetTelemetry}: the instrumentation created from an application's own OpenTelemetry instance. */
class HatchetTelemetryTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk openTelemetry =
      OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
          .setPropagators(
              ContextPropagators.create(
                  TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
          .build();

  @AfterEach
  void close() {
    openTelemetry.close();
  }

  private SpanData span(String name) {
    List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named %s among %s", name, spans.getFinishedSpanItems()).hasSize(1);
    return named.get(0);
  }

  private MetricData metric(String name) {
    Collection<MetricData> all = metrics.collectAllMetrics();
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not among " + all.stream().map(MetricData::getName).toList()));
  }

  /** The metadata a trigger wrote, run as a task on a worker with the same instrumentation. */
  private static Map<String, String> trigger(HatchetInterceptor interceptor, String workflow) throws Exception {
    Calls.RecordingChain<WorkflowTrigger, String> chain = chain(WorkflowTrigger.of(workflow, "{\"n\":1}", Map.of()), t -> uuid());
    interceptor.runWorkflow(chain);
    return chain.proceeded.additionalMetadata();
  }

  @Test
  void spansGoThroughTheGivenInstanceAndCarryItsPropagatorsBesideTraceparent() throws Exception {
    HatchetInterceptor interceptor = HatchetTelemetry.create(openTelemetry).newInterceptor();
    Map<String, String> metadata;
    try (Scope ignored = Baggage.builder().put("customer", "acme").build().makeCurrent()) {
      metadata = trigger(interceptor, "checkout");
    }
    assertThat(metadata).containsKeys("traceparent", "baggage");
    assertThat(metadata.get("baggage")).contains("customer=acme");

    AtomicReference<String> seenBaggage = new AtomicReference<>();
    ActionInfo action = action(metadata);
    interceptor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> {
      seenBaggage.set(Baggage.current().getEntryValue("customer"));
      return "done";
    }));

    SpanData producer = span("hatchet.run_workflow");
    SpanData task = span("hatchet.start_step_run");
    assertThat(producer).hasKind(SpanKind.PRODUCER);
    assertThat(task).hasKind(SpanKind.CONSUMER).hasParentSpanId(producer.getSpanId()).hasTraceId(producer.getTraceId());
    assertThat(task.getInstrumentationScopeInfo().getName()).isEqualTo("io.hatchet4j.opentelemetry");
    assertThat(seenBaggage.get()).as("baggage from the trigger is current in the task").isEqualTo("acme");
  }

  @Test
  void aNoOpPropagatorStillWritesTraceparent() throws Exception {
    OpenTelemetrySdk noPropagators =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    Map<String, String> metadata;
    try (Scope ignored = Baggage.builder().put("customer", "acme").build().makeCurrent()) {
      metadata = trigger(HatchetTelemetry.create(noPropagators).newInterceptor(), "checkout");
    }
    assertThat(metadata).containsKey("traceparent").doesNotContainKey("baggage");
  }

  @Test
  void extensionPointsNameSpansAddAttributesAndDecideStatus() throws Exception {
    class OutOfStock extends Exception {
      OutOfStock() {
        super("out of stock");
      }
    }
    AttributeKey<String> customer = AttributeKey.stringKey("app.customer");
    AttributeKey<String> output = AttributeKey.stringKey("app.output");
    AttributeKey<String> destination = AttributeKey.stringKey("app.destination");
    HatchetInterceptor interceptor =
        HatchetTelemetry.builder(openTelemetry)
            .setSpanNameExtractor(
                (request, defaultName) ->
                    request.operation() == HatchetOperation.START_STEP_RUN ? "task " + request.destination() : defaultName)
            .addAttributesExtractor(
                new HatchetAttributesExtractor() {
                  @Override
                  public void onStart(AttributesBuilder attributes, HatchetRequest request) {
                    String value = request.additionalMetadata().get("customer");
                    if (value != null) {
                      attributes.put(customer, value);
                    }
                    if (request.destination() != null) {
                      attributes.put(destination, request.operation() + ":" + request.destination());
                    }
                  }

                  @Override
                  public void onEnd(AttributesBuilder attributes, HatchetRequest request, Object response, Throwable error) {
                    if (response instanceof String text) {
                      attributes.put(output, text);
                    }
                  }
                })
            .setSpanStatusExtractor(
                (request, response, error, defaultStatus) -> error instanceof OutOfStock ? HatchetSpanStatus.UNSET : defaultStatus)
            .build()
            .newInterceptor();

    Calls.RecordingChain<EventPush, String> push =
        chain(new EventPush("order:created", "{}", Map.of("customer", "acme"), null, null), e -> "event-1");
    interceptor.pushEvent(push);
    ActionInfo ok = action(Map.of("customer", "acme"));
    interceptor.executeTask(chain(new TaskRun(ok, new TestTaskContext(ok)), run -> "shipped"));
    ActionInfo business = Calls.fullAction(Map.of());
    assertThatThrownBy(
            () -> interceptor.executeTask(chain(new TaskRun(business, new TestTaskContext(business)), run -> {
              throw new OutOfStock();
            })))
        .isInstanceOf(OutOfStock.class);
    ActionInfo broken = action(Map.of());
    assertThatThrownBy(
            () -> interceptor.executeTask(chain(new TaskRun(broken, new TestTaskContext(broken)), run -> {
              throw new IllegalStateException("boom");
            })))
        .isInstanceOf(IllegalStateException.class);

    assertThat(span("hatchet.push_event"))
        .hasAttribute(customer, "acme")
        .hasAttribute(destination, "PUSH_EVENT:order:created")
        .hasAttribute(output, "event-1");
    assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("task simple:step")).hasSize(2);
    SpanData shipped =
        spans.getFinishedSpanItems().stream()
            .filter(s -> "shipped".equals(s.getAttributes().get(output)))
            .findFirst()
            .orElseThrow();
    assertThat(shipped).hasAttribute(customer, "acme").hasAttribute(AttributeKey.stringKey("hatchet.step_name"), "step");
    assertThat(shipped.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    SpanData outOfStock = span("task child:work");
    assertThat(outOfStock.getStatus().getStatusCode()).as("a business outcome is not an error").isEqualTo(StatusCode.UNSET);
    assertThat(outOfStock.getEvents()).as("the exception is still recorded").anyMatch(e -> e.getName().equals("exception"));
    SpanData boom =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("task simple:step") && !"shipped".equals(s.getAttributes().get(output)))
            .findFirst()
            .orElseThrow();
    assertThat(boom.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(boom.getStatus().getDescription()).isEqualTo("boom");
  }

  @Test
  void aFailingExtensionFallsBackToTheDefaults() throws Exception {
    HatchetInterceptor interceptor =
        HatchetTelemetry.builder(openTelemetry)
            .setSpanNameExtractor((request, defaultName) -> {
              throw new IllegalStateException("names are broken");
            })
            .addAttributesExtractor((attributes, request) -> {
              throw new IllegalStateException("attributes are broken");
            })
            .setSpanStatusExtractor((request, response, error, defaultStatus) -> null)
            .build()
            .newInterceptor();
    ActionInfo action = action(Map.of());
    assertThat(interceptor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> "out"))).isEqualTo("out");
    assertThat(span("hatchet.start_step_run").getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
  }

  @Test
  void tasksAndTriggersAreMeasured() throws Exception {
    HatchetInterceptor interceptor = HatchetTelemetry.create(openTelemetry).newInterceptor();
    Map<String, String> metadata = trigger(interceptor, "checkout");
    assertThat(metadata).containsKey(Metrics.ENQUEUED_AT);
    interceptor.bulkPushEvent(
        chain(List.of(new EventPush("a", "{}", Map.of(), null, null), new EventPush("a", "{}", Map.of(), null, null)), e -> List.of(uuid(), uuid())));

    ActionInfo first = action(metadata);
    interceptor.executeTask(chain(new TaskRun(first, new TestTaskContext(first)), run -> "ok"));
    ActionInfo retry = Calls.fullAction(Map.of());
    assertThatThrownBy(
            () -> interceptor.executeTask(chain(new TaskRun(retry, new TestTaskContext(retry)), run -> {
              throw new IllegalArgumentException("bad input");
            })))
        .isInstanceOf(IllegalArgumentException.class);
    ActionInfo stopped = action(Map.of());
    TestTaskContext stoppedContext = new TestTaskContext(stopped);
    assertThatThrownBy(
            () -> interceptor.executeTask(chain(new TaskRun(stopped, stoppedContext), run -> {
              stoppedContext.cancelled = true;
              throw new InterruptedException("cancelled");
            })))
        .isInstanceOf(InterruptedException.class);

    Collection<MetricData> all = metrics.collectAllMetrics();
    Map<String, MetricData> byName = new HashMap<>();
    all.forEach(m -> byName.put(m.getName(), m));
    assertThat(byName)
        .containsKeys(
            "messaging.process.duration",
            "hatchet.task.queue_wait",
            "hatchet.task.attempts",
            "hatchet.task.retries",
            "hatchet.task.failures",
            "hatchet.task.cancellations",
            "hatchet.task.active",
            "hatchet.worker.slots.used",
            "messaging.client.sent.messages",
            "messaging.client.operation.duration");

    AttributeKey<String> destination = AttributeKey.stringKey("messaging.destination.name");
    AttributeKey<String> errorType = AttributeKey.stringKey("error.type");
    assertThat(byName.get("hatchet.task.attempts"))
        .hasLongSumSatisfying(
            sum ->
                sum.isMonotonic()
                    .hasPointsSatisfying(
                        p -> p.hasValue(2).hasAttributesSatisfying(a -> assertThat(a.get(destination)).isEqualTo("simple:step")),
                        p -> p.hasValue(1).hasAttributesSatisfying(a -> assertThat(a.get(destination)).isEqualTo("child:work"))));
    assertThat(byName.get("hatchet.task.retries"))
        .hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(p -> p.hasValue(1)));
    assertThat(byName.get("hatchet.task.failures"))
        .hasLongSumSatisfying(
            sum -> sum.hasPointsSatisfying(
                p -> p.hasValue(1).hasAttributesSatisfying(a -> assertThat(a.get(errorType)).isEqualTo("java.lang.IllegalArgumentException"))));
    assertThat(byName.get("hatchet.task.cancellations")).hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(p -> p.hasValue(1)));
    assertThat(byName.get("hatchet.task.active"))
        .hasLongSumSatisfying(sum -> sum.isNotMonotonic().hasPointsSatisfying(p -> p.hasValue(0), p -> p.hasValue(0)));
    assertThat(byName.get("hatchet.worker.slots.used"))
        .hasLongSumSatisfying(
            sum -> sum.hasPointsSatisfying(
                p -> p.hasValue(0).hasAttributesSatisfying(a -> assertThat(a.get(Metrics.WORKER_ID)).isEqualTo(Calls.WORKER_ID))));
    assertThat(byName.get("messaging.process.duration"))
        .hasUnit("s")
        .hasHistogramSatisfying(h -> h.hasPointsSatisfying(p -> p.hasCount(1), p -> p.hasCount(1), p -> p.hasCount(1)));
    assertThat(byName.get("hatchet.task.queue_wait"))
        .as("only the first task of a run triggered by an instrumented client")
        .hasHistogramSatisfying(h -> h.hasPointsSatisfying(p -> p.hasCount(1)));
    assertThat(byName.get("messaging.client.sent.messages"))
        .hasLongSumSatisfying(
            sum -> sum.hasPointsSatisfying(
                p -> p.hasValue(1).hasAttributesSatisfying(a -> assertThat(a.get(destination)).isEqualTo("checkout")),
                p -> p.hasValue(2).hasAttributesSatisfying(a -> assertThat(a.get(destination)).isEqualTo("a"))));
  }

  @Test
  void taskLogLinesBecomeLogRecordsOfTheTasksSpan() throws Exception {
    HatchetInterceptor interceptor = HatchetTelemetry.create(openTelemetry).newInterceptor();
    ActionInfo action = action(Map.of("traceparent", Calls.TRACEPARENT));
    interceptor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> {
      run.context().log("charging card");
      return null;
    }));

    SpanData task = span("hatchet.start_step_run");
    List<LogRecordData> records = logs.getFinishedLogRecordItems();
    assertThat(records).hasSize(1);
    LogRecordData record = records.get(0);
    assertThat(record.getBodyValue().asString()).isEqualTo("charging card");
    assertThat(record.getSpanContext().getTraceId()).isEqualTo(Calls.TRACE_ID);
    assertThat(record.getSpanContext().getSpanId()).isEqualTo(task.getSpanId());
    assertThat(record.getAttributes().get(AttributeKey.stringKey("hatchet.step_run_id"))).isEqualTo(action.taskRunId());
    assertThat(record.getInstrumentationScopeInfo().getName()).isEqualTo("io.hatchet4j.opentelemetry");
  }

  @Test
  void withoutALoggerProviderTheTaskGetsItsOwnContext() throws Exception {
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    OpenTelemetry tracesOnly =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return tracerProvider;
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    HatchetInterceptor interceptor = HatchetTelemetry.create(tracesOnly).newInterceptor();
    ActionInfo action = action(Map.of());
    TestTaskContext context = new TestTaskContext(action);
    AtomicReference<Object> seen = new AtomicReference<>();
    interceptor.executeTask(chain(new TaskRun(action, context), run -> {
      seen.set(run.context());
      return null;
    }));
    assertThat(seen.get()).isSameAs(context);
    assertThat(span("hatchet.start_step_run")).isNotNull();
    tracerProvider.close();
  }
}
