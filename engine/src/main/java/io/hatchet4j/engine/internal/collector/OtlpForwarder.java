package io.hatchet4j.engine.internal.collector;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every export the collector receives on to another OTLP/gRPC endpoint (plaintext), such as
 * a local OpenTelemetry Collector or Jaeger, as received: one thread, a bounded queue.
 *
 * <p>Not public API. Thread-safe. {@link #offer} never blocks: when the queue is full, or the
 * endpoint is down, requests are dropped and counted, so forwarding never slows the collector.
 */
public final class OtlpForwarder implements AutoCloseable {
  /** Requests waiting to be sent; at the SDKs' 512 spans per request, about 130,000 spans. */
  static final int QUEUE_CAPACITY = 256;
  private static final long TIMEOUT_SECONDS = 10;
  private static final Logger log = LoggerFactory.getLogger(OtlpForwarder.class);

  private final String target;
  private final ManagedChannel channel;
  private final BlockingQueue<ExportTraceServiceRequest> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final Thread sender;
  private volatile boolean closed;

  /** Starts forwarding to {@code target}, {@code host:port}. */
  public OtlpForwarder(String target) {
    this.target = requireNonNull(target, "target");
    this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    this.sender = new Thread(this::run, "hatchet4j-otlp-forwarder");
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues a request for sending; drops it if the queue is full. */
  public void offer(ExportTraceServiceRequest request) {
    if (closed || !queue.offer(request)) {
      if (dropped.incrementAndGet() % 100 == 1) {
        log.warn("OTLP forwarding to {} is behind: {} request(s) dropped so far", target, dropped.get());
      }
    }
  }

  /** Requests sent successfully so far. */
  public long sent() {
    return sent.get();
  }

  /** Requests dropped so far (queue full, endpoint failing, or closed). */
  public long dropped() {
    return dropped.get();
  }

  private void run() {
    while (!closed || !queue.isEmpty()) {
      ExportTraceServiceRequest request;
      try {
        request = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (request == null) {
        continue;
      }
      try {
        ClientCalls.blockingUnaryCall(channel, OtlpTraceService.EXPORT,
            CallOptions.DEFAULT.withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS), request);
        sent.incrementAndGet();
      } catch (StatusRuntimeException e) {
        if (dropped.incrementAndGet() % 100 == 1) {
          log.warn("could not forward spans to {}: {} ({} request(s) dropped so far)", target, e.getStatus(),
              dropped.get());
        }
      }
    }
  }

  /** Sends what is queued (waiting at most a few seconds), then closes the connection. */
  @Override
  public void close() {
    closed = true;
    try {
      sender.join(TimeUnit.SECONDS.toMillis(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.interrupt();
    channel.shutdownNow();
  }
}
