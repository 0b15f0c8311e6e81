package io.hatchet4j.opentelemetry.internal;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends spans to the engine's OTLP/gRPC collector over a grpc-java channel. Not public API.
 *
 * <p>Spans are encoded by OpenTelemetry's own OTLP encoder, so the engine receives exactly what
 * OpenTelemetry's exporter would send. What differs is the failure behaviour:
 *
 * <ul>
 *   <li>Every export, and shutting down, is bounded by the timeout: a collector that accepts
 *       connections and never answers holds nothing up for longer.
 *   <li>A failed batch is dropped, never retried: tracing never queues behind a dead engine.
 *   <li>An outage is logged once, as one warning line without a stack trace, when the first export
 *       fails; the next failures are logged at debug level; the first export that succeeds again is
 *       logged once at info. {@code UNIMPLEMENTED} (an engine without a collector) is left to
 *       {@link UnimplementedBackoffExporter}.
 * </ul>
 *
 * <p>A failed export completes with a {@link io.grpc.StatusRuntimeException}, whose status {@link
 * Status#fromThrowable} finds. Thread-safe.
 */
public final class EngineSpanExporter implements SpanExporter {
  static final String METHOD = "opentelemetry.proto.collector.trace.v1.TraceService/Export";

  private static final Logger log = LoggerFactory.getLogger(EngineSpanExporter.class);

  private static final MethodDescriptor.Marshaller<MessageWriter> REQUEST =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(MessageWriter writer) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(32, writer.getContentLength()));
          try {
            writer.writeMessage(bytes);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return new ByteArrayInputStream(bytes.toByteArray());
        }

        @Override
        public MessageWriter parse(InputStream stream) {
          throw new UnsupportedOperationException("a client never parses requests");
        }
      };

  private static final MethodDescriptor.Marshaller<byte[]> RESPONSE =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MethodDescriptor<MessageWriter, byte[]> EXPORT =
      MethodDescriptor.<MessageWriter, byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(METHOD)
          .setRequestMarshaller(REQUEST)
          .setResponseMarshaller(RESPONSE)
          .build();

  private final ManagedChannel channel;
  private final String target;
  private final Metadata headers;
  private final Duration timeout;
  private final Object lock = new Object();
  private boolean failing; // guarded by lock
  private boolean shutdown; // guarded by lock

  EngineSpanExporter(ManagedChannel channel, String target, String token, Duration timeout) {
    this.channel = channel;
    this.target = target;
    this.timeout = timeout;
    this.headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    synchronized (lock) {
      if (shutdown) {
        return CompletableResultCode.ofFailure();
      }
    }
    CompletableResultCode result = new CompletableResultCode();
    ClientCall<MessageWriter, byte[]> call =
        channel.newCall(EXPORT, CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS));
    try {
      MessageWriter request = TraceRequestMarshaler.create(spans).toBinaryMessageWriter();
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
              if (status.isOk()) {
                recovered();
                result.succeed();
              } else {
                failed(status, spans.size());
                result.failExceptionally(status.asRuntimeException(trailers));
              }
            }
          },
          headers);
      call.request(1);
      call.sendMessage(request);
      call.halfClose();
    } catch (RuntimeException e) {
      call.cancel("sending the export failed", e);
      failed(Status.fromThrowable(e), spans.size());
      result.failExceptionally(e);
    }
    return result;
  }

  private void failed(Status status, int spans) {
    if (status.getCode() == Status.Code.UNIMPLEMENTED) {
      return; // a setting of the engine, not an outage
    }
    boolean first;
    synchronized (lock) {
      first = !failing;
      failing = true;
    }
    if (first) {
      log.warn(
          "cannot export spans to the Hatchet engine at {}: {}; their batches are dropped until it answers again (logged once)",
          target,
          describe(status));
    } else if (log.isDebugEnabled()) {
      log.debug("dropped {} spans: the Hatchet engine at {} is still unreachable: {}", spans, target, describe(status));
    }
  }

  private void recovered() {
    boolean was;
    synchronized (lock) {
      was = failing;
      failing = false;
    }
    if (was) {
      log.info("spans are exported to the Hatchet engine at {} again", target);
    }
  }

  private static String describe(Status status) {
    String description = status.getDescription();
    Throwable cause = status.getCause();
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (description != null) {
      text.append(" (").append(description).append(')');
    }
    if (cause != null && cause.getMessage() != null) {
      text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  /** Nothing is buffered here: the batch processor before this exporter holds the queue. */
  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  /**
   * Closes the connection, giving calls in flight up to the timeout; completes within it, whatever
   * the engine does.
   */
  @Override
  public CompletableResultCode shutdown() {
    synchronized (lock) {
      shutdown = true;
    }
    channel.shutdown();
    CompletableResultCode result = new CompletableResultCode();
    Thread waiter =
        new Thread(
            () -> {
              try {
                if (!channel.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                  channel.shutdownNow();
                }
              } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
              }
              result.succeed();
            },
            "hatchet-otlp-shutdown");
    waiter.setDaemon(true);
    waiter.start();
    return result;
  }

  @Override
  public String toString() {
    return "EngineSpanExporter{" + target + "}";
  }
}
