package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.action;
import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.OtlpTestReceiver.Received;
import io.hatchet4j.engine.TraceTesting.OtlpClient;
import io.hatchet4j.engine.internal.selftrace.SelfTracing;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine's own traces against a real OTLP receiver on loopback: gRPC calls, REST requests and
 * scheduler batches arrive over gRPC and over HTTP/protobuf with the configured headers and service
 * name; none of them lands in the tenants' trace store, and no tenant span leaves through them.
 */
class SelfTracingTest {

  @Test
  void grpcExportCarriesTheEnginesWorkAndNothingOfTheTenants() throws Exception {
    try (OtlpTestReceiver receiver = new OtlpTestReceiver()) {
      HatchetEngine engine = start(SelfTracingOptions.builder(receiver.grpcEndpoint())
          .setProtocol(SelfTracingOptions.Protocol.GRPC));
      String tenantTraceId = TraceTesting.randomHex(16);
      String runTraceId;
      long storedSpans;
      int runSpans;
      try {
        String runId = runOneTask(engine, "selftraced");
        try (OtlpClient otlp = new OtlpClient(engine, engine.token())) {
          otlp.export(List.of(TraceTesting.span("tenant-span", tenantTraceId, TraceTesting.randomHex(8),
              System.currentTimeMillis() * 1_000_000L).build()));
        }
        assertThat(TraceTesting.get(engine, null, "/api/ready").status()).isEqualTo(200);
        List<SpanInfo> runTrace = engine.trace(engine.tenantId(), runId);
        assertThat(runTrace).isNotEmpty();
        runTraceId = runTrace.get(0).traceId();
        runSpans = runTrace.size();
        storedSpans = engine.traceStore().spanCount(engine.tenantId());
      } finally {
        engine.close(); // exports what the engine still holds
      }

      // The tenant's store holds the run's engine spans and the tenant's own span, nothing more.
      assertThat(storedSpans).isEqualTo(runSpans + 1);

      List<Received> spans = receiver.spans();
      assertThat(receiver.testHeaders()).isNotEmpty().containsOnly("secret");
      assertThat(spans).allSatisfy(s -> {
        assertThat(s.serviceName()).isEqualTo("engine-under-test");
        assertThat(s.scope()).isEqualTo(SelfTracing.SCOPE);
        assertThat(hex(s.span().getTraceId())).isNotIn(tenantTraceId, runTraceId);
      });
      Set<String> names = spans.stream().map(s -> s.span().getName()).collect(Collectors.toSet());
      assertThat(names).doesNotContain("tenant-span");

      Received trigger = named(spans, "WorkflowService/TriggerWorkflow");
      assertThat(trigger.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(trigger.attribute("rpc.system")).isEqualTo("grpc");
      assertThat(trigger.attribute("rpc.grpc.status_code")).isEqualTo("0");
      assertThat(names).contains("Dispatcher/SendStepActionEvent",
          "opentelemetry.proto.collector.trace.v1.TraceService/Export");

      Received ready = spans.stream().filter(s -> "/api/ready".equals(s.attribute("url.path"))).findFirst()
          .orElseThrow(() -> new AssertionError("no span of GET /api/ready in " + names));
      assertThat(ready.span().getName()).isEqualTo("GET");
      assertThat(ready.attribute("http.response.status_code")).isEqualTo("200");

      Received batch = named(spans, "scheduler.batch");
      assertThat(Long.parseLong(batch.attribute("hatchet.scheduler.batch.commands"))).isPositive();
      List<String> phases = spans.stream()
          .filter(s -> s.span().getParentSpanId().equals(batch.span().getSpanId()))
          .map(s -> s.span().getName()).toList();
      assertThat(phases).containsExactlyInAnyOrder("scheduler.assign", "scheduler.commit", "scheduler.dispatch");
    }
  }

  @Test
  void httpProtobufExportReachesTheTracesPath() throws Exception {
    try (OtlpTestReceiver receiver = new OtlpTestReceiver()) {
      // As the command line reads it: the base endpoint from the standard variable gets /v1/traces.
      SelfTracingOptions fromEnv = SelfTracingOptions.fromEnvironment(java.util.Map.of(
          "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint(),
          "OTEL_EXPORTER_OTLP_HEADERS", "x-test=secret",
          "OTEL_SERVICE_NAME", "engine-under-test")).orElseThrow();
      assertThat(fromEnv.protocol()).isEqualTo(SelfTracingOptions.Protocol.HTTP_PROTOBUF);
      HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
          .setSelfTracing(fromEnv).build());
      try {
        runOneTask(engine, "selftracedhttp");
      } finally {
        engine.close();
      }
      assertThat(receiver.testHeaders()).isNotEmpty().containsOnly("secret");
      assertThat(receiver.spans()).extracting(s -> s.span().getName())
          .contains("WorkflowService/TriggerWorkflow", "scheduler.batch");
      assertThat(receiver.spans()).allSatisfy(s -> assertThat(s.serviceName()).isEqualTo("engine-under-test"));
    }
  }

  @Test
  void offByDefault() {
    assertThat(EngineOptions.getDefaultInstance().selfTracing()).isEmpty();
    assertThat(SelfTracingOptions.fromEnvironment(java.util.Map.of())).isEmpty();
  }

  private static HatchetEngine start(SelfTracingOptions.Builder tracing) {
    return HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
        .setSelfTracing(tracing.addHeader("x-test", "secret").setServiceName("engine-under-test").build()).build());
  }

  /** Registers a one-task workflow, runs it on a worker over gRPC and waits for its result. */
  private static String runOneTask(HatchetEngine engine, String workflow) throws Exception {
    try (TestClient client = TestClient.connect(engine, engine.token())) {
      client.register(workflow, task(workflow, "t"));
      try (TestWorker worker = TestWorker.start(client, 1, action(workflow, "t"))) {
        String runId = client.trigger(workflow, "{}");
        var result = client.result(runId);
        worker.completed(worker.nextStart(), "{}");
        result.get(TestClient.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return runId;
      }
    }
  }

  private static Received named(List<Received> spans, String name) {
    return spans.stream().filter(s -> s.span().getName().endsWith(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in "
            + spans.stream().map(s -> s.span().getName()).collect(Collectors.toSet())));
  }

  private static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
