package io.hatchet4j.benchmarks;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.benchmarks.compare.EngineProcess;
import io.hatchet4j.engine.HatchetEngine;
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
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Measures the trace collector: spans per second ingested from real OTLP/gRPC exports, and the time
 * to serve a 10,000-span trace over the REST API. Not a test; prints a table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hatchet4j.benchmarks.CollectorBench \
 *     [--spans 200000] [--warmup 100000] [--threads 2] [--batch 512] [--repetitions 50] [--in-process] \
 *     [--engine-jvm-args "-XX:StartFlightRecording=..."]
 * </pre>
 *
 * <p>Starts an in-memory engine on free loopback ports in a process of its own, as an external
 * exporter meets it, and reads the CPU it spends per span from {@code /proc}. Requests are built
 * before the clock starts, so the numbers are the engine's: decoding, checking, converting and
 * storing. {@code --in-process} runs the engine in this JVM instead, the bench's first design: its
 * client's gRPC stack, garbage and JIT then share the engine's process, and the figure it gives is
 * lower than an external exporter sees (engine/README.md).
 */
public final class CollectorBench {
  private static final int TRACE_SPANS = 10_000;
  private static final int SPANS_PER_TRACE = 50;

  private CollectorBench() {}

  /** The engine under load: where it listens, and the CPU it has spent so far. */
  private record Target(String grpcTarget, String httpUrl, String tenantId, String token, LongSupplier cpuNanos,
      AutoCloseable owner) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      owner.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int spans = Options.intOption(args, "--spans", 200_000);
    int warmup = Options.intOption(args, "--warmup", 100_000);
    int threads = Options.intOption(args, "--threads", 2);
    int batch = Options.intOption(args, "--batch", 512);
    int repetitions = Options.intOption(args, "--repetitions", 50);
    boolean inProcess = Arrays.asList(args).contains("--in-process");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    List<String> engineJvmArgs = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--engine-jvm-args")) {
        engineJvmArgs.addAll(List.of(args[i + 1].strip().split("\\s+")));
      }
    }
    try (Target engine = inProcess ? inProcess(spans + warmup) : ownProcess(engineJvmArgs)) {
      List<ExportTraceServiceRequest> requests = requests(spans, batch);
      List<ManagedChannel> channels = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        channels.add(channel(engine));
      }
      // Warm-up: the JIT (the converter and store run cold for the first tens of thousands of
      // spans), the channels and the store's first allocations.
      ingest(channels, requests(warmup, batch));
      long cpu = engine.cpuNanos().getAsLong();
      long start = System.nanoTime();
      ingest(channels, requests);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuMicrosPerSpan = (engine.cpuNanos().getAsLong() - cpu) / 1e3 / spans;
      // One trace of 10,000 spans under one run, sent within the export limit.
      String runId = UUID.randomUUID().toString();
      byte[] traceId = randomBytes(16);
      for (int sent = 0; sent < TRACE_SPANS; sent += 500) {
        export(channels.get(0), request(500, runId, traceId));
      }
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get = HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/api/v1/stable/tenants/" + engine.tenantId()
          + "/traces?run_external_id=" + runId + "&limit=" + TRACE_SPANS))
          .header("Authorization", "Bearer " + engine.token()).build();
      long bytes = 0;
      for (int i = 0; i < 5; i++) {
        bytes = http.send(get, HttpResponse.BodyHandlers.ofByteArray()).body().length;
      }
      double[] millis = new double[repetitions];
      for (int i = 0; i < repetitions; i++) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
        millis[i] = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200) {
          throw new IllegalStateException("trace API answered " + response.statusCode());
        }
      }
      Arrays.sort(millis);
      channels.forEach(ManagedChannel::shutdownNow);

      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| spans ingested (OTLP/gRPC, %d client thread(s), batches of %d, engine %s, after %,d warm-up"
          + " spans) | %,d |%n", threads, batch, inProcess ? "in this JVM" : "in its own process", warmup, spans);
      System.out.printf("| ingest time | %.2f s |%n", seconds);
      System.out.printf("| **spans/second ingested** | **%,.0f** |%n", spans / seconds);
      System.out.printf("| %s CPU per span | %.2f µs |%n", inProcess ? "process (engine and client)" : "engine",
          cpuMicrosPerSpan);
      System.out.printf("| 10,000-span trace over REST, response size | %,.1f MB |%n", bytes / 1e6);
      System.out.printf("| 10,000-span trace over REST, p50 (%d requests) | %.1f ms |%n", repetitions, percentile(millis, 50));
      System.out.printf("| 10,000-span trace over REST, p99 | %.1f ms |%n", percentile(millis, 99));
      System.out.println();
    }
  }

  /** An engine in its own process, as an external exporter meets it; its CPU read from /proc. */
  private static Target ownProcess(List<String> jvmArgs) throws InterruptedException {
    EngineProcess engine = EngineProcess.start("collector-bench", null, jvmArgs,
        Path.of("target", "collector-bench"));
    return new Target(engine.grpcTarget, engine.httpUrl, engine.tenantId, engine.token, engine::cpuNanos, engine);
  }

  /** An engine in this JVM, the bench's old way: its CPU cannot be told from the client's. */
  private static Target inProcess(int spans) {
    EngineOptions options = EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
        .setMaxStoredSpansPerTenant(spans + 2 * TRACE_SPANS + 10_000).build();
    HatchetEngine engine = HatchetEngine.start(options);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return new Target(engine.grpcTarget(), engine.httpUrl().toString(), engine.tenantId(), engine.token(),
        os::getProcessCpuTime, engine);
  }

  /** Requests of {@code batch} spans, {@code spans} in all, built before any clock starts. */
  private static List<ExportTraceServiceRequest> requests(int spans, int batch) {
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    for (int sent = 0; sent < spans; sent += batch) {
      requests.add(request(Math.min(batch, spans - sent), null, null));
    }
    return requests;
  }

  /** Sends the requests from one thread per channel, each waiting for its answer. */
  private static void ingest(List<ManagedChannel> channels, List<ExportTraceServiceRequest> requests)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(channels.size());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (ManagedChannel channel : channels) {
        running.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
            ExportTraceServiceResponse response = export(channel, requests.get(i));
            if (response.hasPartialSuccess()) {
              throw new IllegalStateException(response.getPartialSuccess().getErrorMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> future : running) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static ExportTraceServiceResponse export(ManagedChannel channel, ExportTraceServiceRequest request) {
    return ClientCalls.blockingUnaryCall(channel, OtlpTraceService.EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
  }

  private static ManagedChannel channel(Target engine) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + engine.token());
    return NettyChannelBuilder.forTarget(engine.grpcTarget()).usePlaintext()
        .maxInboundMessageSize(16 * 1024 * 1024)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
  }

  /**
   * A request of {@code count} spans shaped like an SDK's: task ids, a dozen attributes, parents.
   * With a run id and trace id, all spans belong to that run's one trace.
   */
  private static ExportTraceServiceRequest request(int count, String runId, byte[] fixedTrace) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("io.hatchet4j.opentelemetry").setVersion("0.1.0"));
    long now = System.currentTimeMillis() * 1_000_000L;
    byte[] trace = fixedTrace;
    String task = runId;
    byte[] parent = null;
    for (int i = 0; i < count; i++) {
      if (fixedTrace == null && i % SPANS_PER_TRACE == 0) {
        trace = randomBytes(16);
        task = UUID.randomUUID().toString();
        parent = null;
      }
      byte[] id = randomBytes(8);
      Span.Builder span = Span.newBuilder()
          .setTraceId(ByteString.copyFrom(trace))
          .setSpanId(ByteString.copyFrom(id))
          .setName(i % SPANS_PER_TRACE == 0 ? "hatchet.start_step_run" : "db.query " + (i % 7))
          .setKind(i % SPANS_PER_TRACE == 0 ? Span.SpanKind.SPAN_KIND_CONSUMER : Span.SpanKind.SPAN_KIND_CLIENT)
          .setStartTimeUnixNano(now + i * 1000L)
          .setEndTimeUnixNano(now + i * 1000L + 250_000)
          .addAttributes(string("hatchet.step_run_id", task))
          .addAttributes(string("hatchet.workflow_run_id", task))
          .addAttributes(string("hatchet.step_name", "step"))
          .addAttributes(string("hatchet.action_name", "bench:step"))
          .addAttributes(string("hatchet.tenant_id", "00000000-0000-0000-0000-000000000000"))
          .addAttributes(string("instrumentor", "hatchet"))
          .addAttributes(string("db.system", "postgresql"))
          .addAttributes(string("db.statement", "select * from orders where id = $1"))
          .addAttributes(KeyValue.newBuilder().setKey("db.rows").setValue(AnyValue.newBuilder().setIntValue(i)));
      if (parent != null) {
        span.setParentSpanId(ByteString.copyFrom(parent));
      } else {
        parent = id;
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder()
                .addAttributes(string("service.name", "bench-worker"))
                .addAttributes(string("telemetry.sdk.language", "java")))
            .addScopeSpans(scope))
        .build();
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] |= 1;
    return bytes;
  }

  private static double percentile(double[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
