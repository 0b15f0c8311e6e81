package io.hatchet4j.engine.internal.selftrace;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import com.google.protobuf.InvalidProtocolBufferException;
import io.hatchet4j.engine.SelfTracingOptions;
import io.hatchet4j.engine.internal.collector.OtlpTraceService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the engine's own spans over OTLP, gRPC (grpc-java, the stack the engine already serves
 * with) or HTTP/protobuf (the JDK's HTTP client). Not public API.
 *
 * <p>Requests are encoded by OpenTelemetry's own OTLP encoder. A failed batch is dropped, never
 * retried; an outage is logged once as one warning line, and its end once at info. Thread-safe.
 */
final class OtlpSpanSender implements SpanExporter {
  private static final Logger log = LoggerFactory.getLogger(OtlpSpanSender.class);
  private static final int DEFAULT_GRPC_PORT = 4317;

  private final SelfTracingOptions options;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicBoolean shutdown = new AtomicBoolean();
  // One of the two, by protocol.
  private final ManagedChannel channel;
  private final HttpClient http;

  OtlpSpanSender(SelfTracingOptions options) {
    this.options = options;
    URI endpoint = options.endpoint();
    if (options.protocol() == SelfTracingOptions.Protocol.GRPC) {
      int port = endpoint.getPort() < 0 ? DEFAULT_GRPC_PORT : endpoint.getPort();
      boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
      this.channel = Grpc.newChannelBuilderForAddress(endpoint.getHost(), port,
          tls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create()).build();
      this.http = null;
    } else {
      this.channel = null;
      this.http = HttpClient.newBuilder().connectTimeout(options.timeout()).build();
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (shutdown.get()) {
      return CompletableResultCode.ofFailure();
    }
    CompletableResultCode result = new CompletableResultCode();
    byte[] body;
    try {
      body = encode(spans);
    } catch (RuntimeException e) {
      failed("cannot encode spans: " + e);
      return CompletableResultCode.ofFailure();
    }
    if (channel != null) {
      sendGrpc(body, result);
    } else {
      sendHttp(body, result);
    }
    return result;
  }

  private static byte[] encode(Collection<SpanData> spans) {
    TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, request.getBinarySerializedSize()));
    try {
      request.writeBinaryTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private void sendGrpc(byte[] body, CompletableResultCode result) {
    Metadata headers = new Metadata();
    for (Map.Entry<String, String> header : options.headers().entrySet()) {
      headers.put(Metadata.Key.of(header.getKey(), Metadata.ASCII_STRING_MARSHALLER), header.getValue());
    }
    ExportTraceServiceRequest request;
    try {
      // The collector's own request type: its method descriptor serves, at the cost of one parse
      // per batch of the engine's (few) own spans.
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      failed("cannot encode spans: " + e);
      result.fail();
      return;
    }
    ClientCall<ExportTraceServiceRequest, ExportTraceServiceResponse> call = channel.newCall(OtlpTraceService.EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(options.timeout().toNanos(), TimeUnit.NANOSECONDS));
    try {
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          if (status.isOk()) {
            succeeded(result);
          } else {
            failed(status.getCode() + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"));
            result.fail();
          }
        }
      }, headers);
      call.request(1);
      call.sendMessage(request);
      call.halfClose();
    } catch (RuntimeException e) {
      call.cancel("sending the export failed", e);
      failed(e.toString());
      result.fail();
    }
  }

  private void sendHttp(byte[] body, CompletableResultCode result) {
    HttpRequest.Builder request = HttpRequest.newBuilder(options.endpoint())
        .timeout(options.timeout())
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    options.headers().forEach(request::header);
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      if (error == null && response.statusCode() / 100 == 2) {
        succeeded(result);
      } else {
        failed(error != null ? error.toString() : "HTTP " + response.statusCode());
        result.fail();
      }
    });
  }

  private void succeeded(CompletableResultCode result) {
    if (failing.compareAndSet(true, false)) {
      log.info("the engine's own spans are exported to {} again", options.endpoint());
    }
    result.succeed();
  }

  private void failed(String why) {
    if (failing.compareAndSet(false, true)) {
      log.warn("cannot export the engine's own spans to {}: {}; batches are dropped until it answers (logged once)",
          options.endpoint(), why);
    } else if (log.isDebugEnabled()) {
      log.debug("dropped a batch of the engine's own spans: {}", why);
    }
  }

  /** Nothing is buffered here: the batch processor in front holds the queue. */
  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  /** Closes the connection, giving calls in flight up to the export timeout. */
  @Override
  public CompletableResultCode shutdown() {
    shutdown.set(true);
    if (channel != null) {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "OtlpSpanSender{" + options.protocol().value() + " " + options.endpoint() + "}";
  }
}
