package io.hatchet4j.opentelemetry.internal;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends OTLP export requests over a grpc-java channel, so the exporter needs no HTTP client of its
 * own beside the one the SDK already uses.
 *
 * <p>A gRPC error reaches the exporter as a {@link io.grpc.StatusRuntimeException}, so whoever
 * reads the export's failure can find its status with {@link Status#fromThrowable}.
 */
final class GrpcChannelSender implements GrpcSender {

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

  private final ManagedChannel channel;
  private final MethodDescriptor<MessageWriter, byte[]> method;
  private final GrpcSenderConfig config;

  GrpcChannelSender(ManagedChannel channel, GrpcSenderConfig config) {
    this.channel = channel;
    this.config = config;
    this.method =
        MethodDescriptor.<MessageWriter, byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(config.getFullMethodName())
            .setRequestMarshaller(REQUEST)
            .setResponseMarshaller(RESPONSE)
            .build();
  }

  @Override
  public void send(MessageWriter request, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    CallOptions options = CallOptions.DEFAULT;
    if (!config.getTimeout().isZero()) {
      options = options.withDeadlineAfter(config.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    ClientCall<MessageWriter, byte[]> call = channel.newCall(method, options);
    try {
      call.start(new Listener(onResponse, onError), headers());
      call.request(1);
      call.sendMessage(request);
      call.halfClose();
    } catch (RuntimeException e) {
      call.cancel("sending the export failed", e);
      onError.accept(e);
    }
  }

  private Metadata headers() {
    Metadata metadata = new Metadata();
    Map<String, List<String>> headers = config.getHeadersSupplier().get();
    if (headers != null) {
      headers.forEach(
          (name, values) -> {
            if (!name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
              Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
              values.forEach(value -> metadata.put(key, value));
            }
          });
    }
    return metadata;
  }

  @Override
  public CompletableResultCode shutdown() {
    channel.shutdown();
    CompletableResultCode result = new CompletableResultCode();
    Thread waiter =
        new Thread(
            () -> {
              try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
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

  private static final class Listener extends ClientCall.Listener<byte[]> {
    private final Consumer<GrpcResponse> onResponse;
    private final Consumer<Throwable> onError;
    private byte[] message = new byte[0];

    Listener(Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
      this.onResponse = onResponse;
      this.onError = onError;
    }

    @Override
    public void onMessage(byte[] message) {
      this.message = message;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (status.isOk()) {
        byte[] body = message;
        onResponse.accept(
            new GrpcResponse() {
              @Override
              public GrpcStatusCode getStatusCode() {
                return GrpcStatusCode.OK;
              }

              @Override
              public String getStatusDescription() {
                return null;
              }

              @Override
              public byte[] getResponseMessage() {
                return body;
              }
            });
      } else {
        onError.accept(status.asRuntimeException(trailers));
      }
    }
  }
}
