package io.hatchet4j.engine;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.hatchet4j.engine.internal.collector.OtlpTraceService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Helpers of the trace tests: a raw OTLP client, OTLP span builders, the REST API and the id formula. */
final class TraceTesting {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TraceTesting() {}

  /** A plain gRPC OTLP client sending {@code authorization: Bearer <token>}, or nothing if null. */
  static final class OtlpClient implements AutoCloseable {
    private final ManagedChannel channel;

    OtlpClient(HatchetEngine engine, String token) {
      NettyChannelBuilder builder = NettyChannelBuilder.forTarget(engine.grpcTarget()).usePlaintext();
      if (token != null) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
      }
      channel = builder.build();
    }

    ExportTraceServiceResponse export(List<Span> spans) {
      return export(request("test-service", spans));
    }

    ExportTraceServiceResponse export(ExportTraceServiceRequest request) {
      return ClientCalls.blockingUnaryCall(channel, OtlpTraceService.EXPORT,
          CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static ExportTraceServiceRequest request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.2.3"))
                .addAllSpans(spans)))
        .build();
  }

  /** A valid span of one millisecond starting {@code startMs} after now's epoch second. */
  static Span.Builder span(String name, String traceIdHex, String spanIdHex, long startNs) {
    return Span.newBuilder()
        .setName(name)
        .setTraceId(bytes(traceIdHex))
        .setSpanId(bytes(spanIdHex))
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
        .setStartTimeUnixNano(startNs)
        .setEndTimeUnixNano(startNs + 1_000_000);
  }

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue attr(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  static String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    new java.security.SecureRandom().nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  /** GETs an API path with the token and returns the status and parsed body. */
  static Answer get(HatchetEngine engine, String token, String pathAndQuery) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.httpUrl() + pathAndQuery)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()),
        response);
  }

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  /** The spans of a run's trace through upstream's route, asserting a 200. */
  static JsonNode traceRows(HatchetEngine engine, String token, String tenantId, String runId) throws Exception {
    Answer answer = get(engine, token,
        "/api/v1/stable/tenants/" + tenantId + "/traces?run_external_id=" + runId + "&limit=10000");
    assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
    return answer.body().get("rows");
  }

  /** The row with this span name; fails if there is not exactly one. */
  static JsonNode only(JsonNode rows, String spanName) {
    List<JsonNode> matches = new java.util.ArrayList<>();
    rows.forEach(row -> {
      if (row.get("spanName").asText().equals(spanName)) {
        matches.add(row);
      }
    });
    assertThat(matches).as("spans named " + spanName + " in " + rows).hasSize(1);
    return matches.get(0);
  }

  // The id formula of upstream's engine, written out here independently of the engine's code.

  static String derive(int length, String prefix, byte[]... parts) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(prefix.getBytes(US_ASCII));
    for (byte[] part : parts) {
      sha.update(part);
    }
    return HexFormat.of().formatHex(sha.digest(), 0, length);
  }

  static byte[] uuid(String id) {
    UUID uuid = UUID.fromString(id);
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
  }

  static String expectedTraceId(String runId) throws Exception {
    return derive(16, "hatchet-engine-wf-trace:", uuid(runId));
  }

  static String expectedRunSpanId(String runId) throws Exception {
    return derive(8, "hatchet-engine-wf-span:", uuid(runId));
  }

  static String expectedTaskSpanId(String taskId, int retry, String type) throws Exception {
    return derive(8, "hatchet-engine-sr-span:", uuid(taskId), ByteBuffer.allocate(4).putInt(retry).array(),
        type.getBytes(US_ASCII));
  }

  static String expectedEventSpanId(String eventId, String runId) throws Exception {
    return derive(8, "hatchet-engine-evt-span:", uuid(eventId), uuid(runId));
  }
}
