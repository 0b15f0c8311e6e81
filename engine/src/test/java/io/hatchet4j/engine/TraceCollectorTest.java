package io.hatchet4j.engine;

import static io.hatchet4j.engine.TraceTesting.attr;
import static io.hatchet4j.engine.TraceTesting.only;
import static io.hatchet4j.engine.TraceTesting.randomHex;
import static io.hatchet4j.engine.TraceTesting.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.engine.TraceTesting.OtlpClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OTLP collector over real gRPC on loopback: round trip, limits, tenants, auth, bad input. */
class TraceCollectorTest {
  private static HatchetEngine engine;
  private static Tenant other;

  @BeforeAll
  static void start() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
    other = engine.createTenant("other");
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static SdkTracerProvider provider(String token) {
    OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://" + engine.grpcTarget())
        .addHeader("authorization", "Bearer " + token)
        .build();
    return SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"),
            "collector-test"))))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  @Test
  void spansFromTheOpenTelemetrySdkComeBackThroughTheTraceApi() throws Exception {
    String taskRunId = UUID.randomUUID().toString();
    String workflowRunId = UUID.randomUUID().toString();
    String traceId;
    String producerId;
    try (SdkTracerProvider provider = provider(engine.token())) {
      Tracer tracer = provider.get("collector-test-scope", "9.9");
      Span producer = tracer.spanBuilder("hatchet.run_workflow").setSpanKind(SpanKind.PRODUCER).startSpan();
      traceId = producer.getSpanContext().getTraceId();
      producerId = producer.getSpanContext().getSpanId();
      try (Scope ignored = producer.makeCurrent()) {
        Span consumer = tracer.spanBuilder("hatchet.start_step_run").setSpanKind(SpanKind.CONSUMER)
            .setAttribute("hatchet.step_run_id", taskRunId)
            .setAttribute("hatchet.workflow_run_id", workflowRunId)
            .setAttribute("hatchet.retry_count", 2L)
            .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
            .startSpan();
        consumer.addEvent("checkpoint", Attributes.of(AttributeKey.longKey("n"), 7L));
        consumer.recordException(new IllegalStateException("boom"));
        consumer.setStatus(StatusCode.ERROR, "boom");
        consumer.end();
      }
      producer.end();
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    }

    JsonNode rows = TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskRunId);
    assertThat(rows).hasSize(2);
    JsonNode consumer = only(rows, "hatchet.start_step_run");
    assertThat(consumer.get("traceId").asText()).isEqualTo(traceId);
    // The task span hangs under the engine's workflow-run span, which hangs under the producer.
    assertThat(consumer.get("parentSpanId").asText()).isEqualTo(TraceTesting.expectedRunSpanId(workflowRunId));
    assertThat(consumer.get("spanKind").asText()).isEqualTo("CONSUMER");
    assertThat(consumer.get("serviceName").asText()).isEqualTo("collector-test");
    assertThat(consumer.get("statusCode").asText()).isEqualTo("ERROR");
    assertThat(consumer.get("statusMessage").asText()).isEqualTo("boom");
    assertThat(consumer.get("retryCount").asInt()).isEqualTo(2);
    assertThat(consumer.get("scopeName").asText()).isEqualTo("collector-test-scope");
    assertThat(consumer.get("scopeVersion").asText()).isEqualTo("9.9");
    assertThat(consumer.get("spanAttributes").get("hatchet.step_run_id").asText()).isEqualTo(taskRunId);
    assertThat(consumer.get("spanAttributes").get("tags").asText()).isEqualTo("[\"a\",\"b\"]");
    assertThat(consumer.get("resourceAttributes").get("service.name").asText()).isEqualTo("collector-test");
    assertThat(consumer.get("resourceAttributes").has("telemetry.sdk.language")).isTrue();
    assertThat(consumer.get("events")).extracting(e -> e.get("name").asText()).containsExactly("checkpoint", "exception");
    assertThat(consumer.get("events").get(1).get("attributes").get("exception.message").asText()).isEqualTo("boom");
    assertThat(consumer.get("durationNs").asLong()).isPositive();
    JsonNode producer = only(rows, "hatchet.run_workflow");
    assertThat(producer.get("spanId").asText()).isEqualTo(producerId);
    assertThat(producer.get("spanKind").asText()).isEqualTo("PRODUCER");
    assertThat(producer.get("statusCode").asText()).isEqualTo("UNSET");
    // The workflow run id finds the same trace: the task is a member of a DAG run.
    assertThat(TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), workflowRunId)).hasSize(2);
  }

  @Test
  void anExportOverTheBatchLimitKeepsTheFirstThousandAndSaysHowManyWereRejected() throws Exception {
    String taskRunId = UUID.randomUUID().toString();
    String traceId = randomHex(16);
    List<io.opentelemetry.proto.trace.v1.Span> spans = new ArrayList<>();
    long start = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < 1005; i++) {
      spans.add(span("work " + i, traceId, randomHex(8), start + i).addAttributes(attr("hatchet.step_run_id", taskRunId))
          .build());
    }
    try (OtlpClient client = new OtlpClient(engine, engine.token())) {
      ExportTraceServiceResponse response = client.export(spans);
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(5);
      assertThat(response.getPartialSuccess().getErrorMessage()).isEqualTo("batch size exceeded maximum limit");
    }
    JsonNode rows = TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskRunId);
    assertThat(rows).hasSize(1000);
    assertThat(rows.get(999).get("spanName").asText()).isEqualTo("work 999");
  }

  @Test
  void anotherTenantSeesNothingOfTheSpans() throws Exception {
    String taskRunId = UUID.randomUUID().toString();
    try (OtlpClient client = new OtlpClient(engine, engine.token())) {
      ExportTraceServiceResponse response = client.export(List.of(span("mine", randomHex(16), randomHex(8),
          System.currentTimeMillis() * 1_000_000L).addAttributes(attr("hatchet.step_run_id", taskRunId)).build()));
      assertThat(response.hasPartialSuccess()).isFalse();
    }
    assertThat(TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskRunId)).hasSize(1);
    TraceTesting.Answer theirs = TraceTesting.get(engine, other.token(),
        "/api/v1/stable/tenants/" + other.id() + "/traces?run_external_id=" + taskRunId);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(theirs.body().get("errors").get(0).get("description").asText()).isEqualTo("trace not found");
    // Nor can they ask in the first tenant's name: the router refuses another tenant's path.
    TraceTesting.Answer asUs = TraceTesting.get(engine, other.token(),
        "/api/v1/stable/tenants/" + engine.tenantId() + "/traces?run_external_id=" + taskRunId);
    assertThat(asUs.status()).isEqualTo(403);
  }

  @Test
  void aBadOrMissingTokenIsUnauthenticated() throws Exception {
    for (String token : new String[] {"not-a-token", other.token() + "x", null}) {
      try (OtlpClient client = new OtlpClient(engine, token)) {
        assertThatThrownBy(() -> client.export(List.of(span("x", randomHex(16), randomHex(8), 1).build())))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      }
    }
    try (SdkTracerProvider provider = provider("wrong")) {
      provider.get("t").spanBuilder("refused").startSpan().end();
      CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).isFalse();
    }
  }

  @Test
  void malformedSpansAreRejectedOneByOneWithTheReason() throws Exception {
    String taskRunId = UUID.randomUUID().toString();
    String traceId = randomHex(16);
    long now = System.currentTimeMillis() * 1_000_000L;
    List<io.opentelemetry.proto.trace.v1.Span> spans = List.of(
        span("good", traceId, randomHex(8), now).addAttributes(attr("hatchet.step_run_id", taskRunId)).build(),
        span("short trace id", "abcd", randomHex(8), now).build(),
        span("bad run id", traceId, randomHex(8), now).addAttributes(attr("hatchet.step_run_id", "not-a-uuid")).build(),
        span("numeric run id", traceId, randomHex(8), now).addAttributes(attr("hatchet.workflow_run_id", 42)).build(),
        span("backwards", traceId, randomHex(8), now).setEndTimeUnixNano(now - 1).build());
    try (OtlpClient client = new OtlpClient(engine, engine.token())) {
      ExportTraceServiceResponse response = client.export(spans);
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(4);
      assertThat(response.getPartialSuccess().getErrorMessage())
          .startsWith("4 malformed span(s) rejected: ")
          .contains("span \"short trace id\": trace_id must be 16 bytes, got 2")
          .contains("span \"bad run id\": hatchet.step_run_id must be a UUID string, got \"not-a-uuid\"")
          .contains("span \"numeric run id\": hatchet.workflow_run_id must be a UUID string, got a int value")
          .endsWith("; and 1 more");
    }
    assertThat(TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskRunId))
        .extracting(row -> row.get("spanName").asText()).containsExactly("good");
  }

  @Test
  void otlpOverHttpStoresSpansWithTheSameToken() throws Exception {
    String taskRunId = UUID.randomUUID().toString();
    byte[] body = TraceTesting.request("http-service", List.of(span("over http", randomHex(16), randomHex(8),
        System.currentTimeMillis() * 1_000_000L).addAttributes(attr("hatchet.step_run_id", taskRunId)).build()))
        .toByteArray();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    assertThat(http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> accepted = http.send(post.header("Authorization", "Bearer " + engine.token()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(ExportTraceServiceResponse.parseFrom(accepted.body()).hasPartialSuccess()).isFalse();
    JsonNode row = only(TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskRunId), "over http");
    assertThat(row.get("serviceName").asText()).isEqualTo("http-service");
  }

  @Test
  void theSameSpanSentTwiceIsStoredOnce() throws Exception {
    String taskRunId = UUID.randomUUID().toString();
    io.opentelemetry.proto.trace.v1.Span once = span("once", randomHex(16), randomHex(8),
        System.currentTimeMillis() * 1_000_000L).addAttributes(attr("hatchet.step_run_id", taskRunId)).build();
    try (OtlpClient client = new OtlpClient(engine, engine.token())) {
      client.export(List.of(once));
      client.export(List.of(once, once));
    }
    assertThat(TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskRunId)).hasSize(1);
  }
}
