package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static io.hatchet4j.engine.TraceTesting.attr;
import static io.hatchet4j.engine.TraceTesting.randomHex;
import static io.hatchet4j.engine.TraceTesting.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.engine.TraceTesting.Answer;
import io.hatchet4j.engine.TraceTesting.OtlpClient;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.events.PutLogRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The trace and run routes the page and upstream's clients use, and the page itself. */
class TraceApiTest extends SharedEngineTest {

  private static String tracesPath(String runId, String query) {
    return "/api/v1/stable/tenants/" + engine.tenantId() + "/traces?run_external_id=" + runId + query;
  }

  @Test
  void pagesCarryRealTotalsInStartTimeOrder() throws Exception {
    String taskRunId = UUID.randomUUID().toString();
    String traceId = randomHex(16);
    long start = System.currentTimeMillis() * 1_000_000L;
    List<io.opentelemetry.proto.trace.v1.Span> spans = new ArrayList<>();
    // Sent newest first: the API orders by start time.
    for (int i = 24; i >= 0; i--) {
      spans.add(span("s" + i, traceId, randomHex(8), start + i * 1000L).addAttributes(attr("hatchet.step_run_id", taskRunId))
          .build());
    }
    try (OtlpClient client = new OtlpClient(engine, engine.token())) {
      client.export(spans);
    }
    JsonNode first = TraceTesting.get(engine, engine.token(), tracesPath(taskRunId, "&offset=0&limit=10")).body();
    assertThat(first.get("rows")).extracting(r -> r.get("spanName").asText())
        .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    assertThat(first.get("pagination").toString()).isEqualTo("{\"current_page\":1,\"next_page\":2,\"num_pages\":3}");
    JsonNode last = TraceTesting.get(engine, engine.token(), tracesPath(taskRunId, "&offset=20&limit=10")).body();
    assertThat(last.get("rows")).hasSize(5);
    assertThat(last.get("pagination").toString()).isEqualTo("{\"current_page\":3,\"next_page\":3,\"num_pages\":3}");
    // Upstream's defaults: a limit below 1 means 1000, a negative offset means 0.
    JsonNode defaults = TraceTesting.get(engine, engine.token(), tracesPath(taskRunId, "&offset=-5&limit=0")).body();
    assertThat(defaults.get("rows")).hasSize(25);
    assertThat(defaults.get("pagination").get("num_pages").asInt()).isEqualTo(1);
    JsonNode row = defaults.get("rows").get(0);
    assertThat(row.get("traceId").asText()).isEqualTo(traceId);
    assertThat(row.get("createdAt").asText()).endsWith("Z");
    assertThat(row.get("startTimeUnixNano").asText()).isEqualTo(Long.toString(start));
    assertThat(row.get("durationNs").asLong()).isEqualTo(1_000_000L);
    assertThat(row.fieldNames()).toIterable().contains("spanId", "parentSpanId", "spanName", "spanKind", "serviceName",
        "statusCode", "statusMessage", "durationNs", "createdAt", "resourceAttributes", "spanAttributes", "scopeName",
        "scopeVersion", "retryCount");
  }

  @Test
  void answersUpstreamsErrors() throws Exception {
    Answer unknown = TraceTesting.get(engine, engine.token(), tracesPath(UUID.randomUUID().toString(), ""));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("errors").get(0).get("description").asText()).isEqualTo("trace not found");
    assertThat(TraceTesting.get(engine, engine.token(), tracesPath("nope", "")).status()).isEqualTo(400);
    assertThat(TraceTesting.get(engine, engine.token(), tracesPath(UUID.randomUUID().toString(), "&limit=x")).status())
        .isEqualTo(400);
    assertThat(TraceTesting.get(engine, null, tracesPath(UUID.randomUUID().toString(), "")).status()).isEqualTo(401);
  }

  @Test
  void runDetailHasTasksOutputLogsAndTheTrace() throws Exception {
    try (TestClient client = TestClient.connect(engine, engine.token())) {
      client.register("detail", task("detail", "step"));
      try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("detail", "step"))) {
        String runId = client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("detail")
            .setInput("{\"n\":1}").setAdditionalMetadata("{\"team\":\"a\"}").build()).getWorkflowRunId();
        AssignedAction action = worker.nextStart();
        worker.started(action);
        client.events.putLog(PutLogRequest.newBuilder().setTaskRunExternalId(action.getTaskRunExternalId())
            .setMessage("hello from the task").setLevel("INFO").build());
        worker.completed(action, "{\"done\":true}");
        client.awaitResult(runId);

        JsonNode run = TraceTesting.get(engine, engine.token(), "/api/v1/hatchet4j/runs/" + runId).body();
        assertThat(run.get("workflow").asText()).isEqualTo("detail");
        assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(run.get("input").toString()).isEqualTo("{\"n\":1}");
        assertThat(run.get("additionalMetadata").get("team").asText()).isEqualTo("a");
        assertThat(run.get("traceId").asText()).isEqualTo(TraceTesting.expectedTraceId(runId));
        JsonNode task = run.get("tasks").get(0);
        assertThat(task.get("name").asText()).isEqualTo("step");
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("output").toString()).isEqualTo("{\"done\":true}");
        assertThat(task.get("logs").get(0).get("message").asText()).isEqualTo("hello from the task");

        JsonNode trace = TraceTesting.get(engine, engine.token(), "/api/v1/hatchet4j/runs/" + runId + "/trace").body();
        assertThat(trace.get("traceId").asText()).isEqualTo(TraceTesting.expectedTraceId(runId));
        assertThat(trace.get("total").asInt()).isEqualTo(3);
        assertThat(trace.get("truncated").asBoolean()).isFalse();
        assertThat(TraceTesting.get(engine, engine.token(), "/api/v1/hatchet4j/runs/" + UUID.randomUUID()).status())
            .isEqualTo(404);
      }
    }
  }

  @Test
  void servesThePageWithItsFilesAndAStrictContentPolicy() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(engine.httpUrl().resolve("/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
    for (String file : List.of("app.js", "api.js", "runs.js", "run.js", "spantree.js", "waterfall.js", "format.js",
        "style.css")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/ui/" + file))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.body()).as(file).doesNotContain("http://", "https://");
    }
    HttpResponse<String> openApi = http.send(HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/ui/openapi.yaml"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(openApi.body()).contains("/api/v1/stable/tenants/{tenant}/traces:", "OtelSpanList");
    assertThat(http.send(HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/ui/missing.js")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    // The API still answers beside the page.
    assertThat(TraceTesting.get(engine, null, "/api/ready").status()).isEqualTo(200);
  }
}
