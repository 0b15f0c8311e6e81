package io.hatchet4j.engine;

import static io.hatchet4j.engine.TraceTesting.attr;
import static io.hatchet4j.engine.TraceTesting.randomHex;
import static io.hatchet4j.engine.TraceTesting.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.hatchet4j.engine.TraceTesting.OtlpClient;
import io.hatchet4j.engine.internal.collector.OtlpTraceService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The collector's settings: the export limit, forwarding, and their command-line flag. */
class TraceSettingsTest {

  @Test
  void theExportLimitIsASettingAndZeroMeansNone() throws Exception {
    assertThat(EngineOptions.getDefaultInstance().maxSpansPerExport()).isEqualTo(1000);
    assertThatThrownBy(() -> EngineOptions.builder().setMaxSpansPerExport(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EngineOptions.builder().setMaxStoredSpansPerTenant(0))
        .isInstanceOf(IllegalArgumentException.class);
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
        .setMaxSpansPerExport(3).build());
        OtlpClient client = new OtlpClient(engine, engine.token())) {
      String trace = randomHex(16);
      ExportTraceServiceResponse response = client.export(List.of(
          span("a", trace, randomHex(8), 10).build(), span("b", trace, randomHex(8), 20).build(),
          span("c", trace, randomHex(8), 30).build(), span("d", trace, randomHex(8), 40).build()));
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    }
  }

  @Test
  void everyExportIsAlsoSentToTheForwardingEndpoint() throws Exception {
    BlockingQueue<ExportTraceServiceRequest> received = new LinkedBlockingQueue<>();
    Server sink = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder(OtlpTraceService.SERVICE_NAME)
            .addMethod(OtlpTraceService.EXPORT, ServerCalls.asyncUnaryCall((request, responses) -> {
              received.add(request);
              responses.onNext(ExportTraceServiceResponse.getDefaultInstance());
              responses.onCompleted();
            }))
            .build())
        .build().start();
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
        .setForwardOtlpEndpoint("127.0.0.1:" + sink.getPort()).build());
        OtlpClient client = new OtlpClient(engine, engine.token())) {
      String taskRunId = UUID.randomUUID().toString();
      ExportTraceServiceRequest request = TraceTesting.request("forwarded", List.of(span("copied", randomHex(16),
          randomHex(8), System.currentTimeMillis() * 1_000_000L).addAttributes(attr("hatchet.step_run_id", taskRunId))
          .build()));
      client.export(request);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(request);
      // And the engine kept its own copy.
      assertThat(TraceTesting.traceRows(engine, engine.token(), engine.tenantId(), taskRunId)).hasSize(1);
    } finally {
      sink.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theDevCommandTakesAForwardingEndpoint() {
    assertThat(Main.parse(new String[] {"dev", "--forward-otlp", "localhost:4317"}).forwardOtlpEndpoint())
        .hasValue("localhost:4317");
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--forward-otlp", "localhost"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    assertThat(Main.USAGE).contains("--forward-otlp");
  }
}
