package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static io.hatchet4j.engine.TraceTesting.attr;
import static io.hatchet4j.engine.TraceTesting.expectedRunSpanId;
import static io.hatchet4j.engine.TraceTesting.expectedTraceId;
import static io.hatchet4j.engine.TraceTesting.only;
import static io.hatchet4j.engine.TraceTesting.randomHex;
import static io.hatchet4j.engine.TraceTesting.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.engine.TraceTesting.OtlpClient;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link HatchetEngine#trace}: a run's spans as typed records, the same spans the trace API serves. */
class EngineTraceTest extends SharedEngineTest {

  private static KeyValue typed(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** Registers a workflow of one task and triggers it; no worker runs it. */
  private static String trigger(String workflow) throws Exception {
    try (TestClient client = TestClient.connect(engine, engine.token())) {
      client.register(workflow, task(workflow, "only"));
      return client.trigger(workflow, "{}");
    }
  }

  @Test
  void aRunsTraceHasTheEngineSpansAndExportedSpansWithTypedAttributes() throws Exception {
    String runId = trigger("traced");
    String traceId = expectedTraceId(runId);
    String runSpan = expectedRunSpanId(runId);
    long start = System.currentTimeMillis() * 1_000_000L;
    Span custom = span("custom", traceId, randomHex(8), start)
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setParentSpanId(TraceTesting.bytes(runSpan))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
        .addAttributes(attr("hatchet.workflow_run_id", runId))
        .addAttributes(attr("text", "42"))
        .addAttributes(attr("count", 42L))
        .addAttributes(typed("ratio", AnyValue.newBuilder().setDoubleValue(0.5)))
        .addAttributes(typed("flag", AnyValue.newBuilder().setBoolValue(true)))
        .addAttributes(typed("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
            .addValues(AnyValue.newBuilder().setStringValue("a"))
            .addValues(AnyValue.newBuilder().setStringValue("b")))))
        .addEvents(Span.Event.newBuilder().setName("checkpoint").setTimeUnixNano(start + 10)
            .addAttributes(attr("n", 7L)))
        .build();
    try (OtlpClient otlp = new OtlpClient(engine, engine.token())) {
      otlp.export(List.of(custom));
    }

    List<SpanInfo> trace = engine.trace(engine.tenantId(), runId);

    assertThat(trace).extracting(SpanInfo::name).containsExactly("hatchet.engine.workflow_run", "custom");
    SpanInfo run = trace.get(0);
    assertThat(run.spanId()).isEqualTo(runSpan);
    assertThat(run.parentSpanId()).isEmpty();
    assertThat(run.serviceName()).isEqualTo("hatchet-engine");
    SpanInfo span = trace.get(1);
    assertThat(span.traceId()).isEqualTo(traceId);
    assertThat(span.parentSpanId()).hasValue(runSpan);
    assertThat(span.kind()).isEqualTo("CLIENT");
    assertThat(span.serviceName()).isEqualTo("test-service");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.statusMessage()).hasValue("boom");
    assertThat(span.duration()).isEqualTo(Duration.ofMillis(1));
    assertThat(span.attributes()).containsEntry("text", "42").containsEntry("count", 42L)
        .containsEntry("ratio", 0.5).containsEntry("flag", true).containsEntry("tags", List.of("a", "b"));
    assertThat(span.resourceAttributes()).containsEntry("service.name", "test-service");
    assertThat(span.events()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("checkpoint");
      assertThat(e.attributes()).isEqualTo(Map.of("n", 7L));
    });

    // The run trace route serves the same spans, with upstream's text values.
    JsonNode rows = TraceTesting.get(engine, engine.token(), "/api/v1/hatchet4j/runs/" + runId + "/trace").body()
        .get("rows");
    assertThat(rows).hasSize(trace.size());
    JsonNode row = only(rows, "custom");
    JsonNode text = row.get("spanAttributes");
    assertThat(text.get("count").asText()).isEqualTo("42");
    assertThat(text.get("ratio").asText()).isEqualTo("0.5");
    assertThat(text.get("flag").asText()).isEqualTo("true");
    assertThat(text.get("tags").asText()).isEqualTo("[\"a\",\"b\"]");
    assertThat(row.get("events").get(0).get("attributes").get("n").asText()).isEqualTo("7");
  }

  @Test
  void anUnknownRunOrAnotherTenantsRunHasNoTrace() throws Exception {
    String runId = trigger("mine");
    Tenant other = engine.createTenant("other");

    assertThat(engine.trace(engine.tenantId(), runId)).isNotEmpty();
    assertThat(engine.trace(other.id(), runId)).isEmpty();
    assertThat(engine.trace(engine.tenantId(), UUID.randomUUID().toString())).isEmpty();
    assertThat(engine.trace(engine.tenantId(), "not a run id")).isEmpty();
  }
}
