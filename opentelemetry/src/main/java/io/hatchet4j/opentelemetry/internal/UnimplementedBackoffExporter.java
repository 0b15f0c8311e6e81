package io.hatchet4j.opentelemetry.internal;

import io.grpc.Status;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops exporting for a while to an engine that has no span collector. Not public API.
 *
 * <p>An engine with observability disabled answers exports with gRPC {@code UNIMPLEMENTED}. That
 * is a setting, not an outage, so such an export is reported as a success and every export in the
 * next {@link #BACKOFF} is dropped as a success without being sent; then the next export tries
 * again. Any other outcome clears the back-off. The official SDKs behave the same.
 *
 * <p>Thread-safe.
 */
public final class UnimplementedBackoffExporter implements SpanExporter {

  /** How long exports are skipped after an {@code UNIMPLEMENTED} answer. */
  public static final Duration BACKOFF = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(UnimplementedBackoffExporter.class);

  private final SpanExporter delegate;
  private final Clock clock;
  private final Object lock = new Object();
  private boolean backingOff; // guarded by lock
  private long backoffStartNanos; // guarded by lock

  public UnimplementedBackoffExporter(SpanExporter delegate, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    synchronized (lock) {
      if (backingOff && clock.nanoTime() - backoffStartNanos < BACKOFF.toNanos()) {
        return CompletableResultCode.ofSuccess();
      }
    }
    CompletableResultCode sent;
    try {
      sent = delegate.export(spans);
    } catch (RuntimeException e) {
      log.debug("span export failed", e);
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode result = new CompletableResultCode();
    sent.whenComplete(() -> complete(sent, result));
    return result;
  }

  private void complete(CompletableResultCode sent, CompletableResultCode result) {
    boolean unimplemented = !sent.isSuccess() && isUnimplemented(sent.getFailureThrowable());
    synchronized (lock) {
      if (unimplemented && !backingOff) {
        log.info(
            "the Hatchet engine has no OpenTelemetry collector (gRPC UNIMPLEMENTED); spans are not sent to it for {}",
            BACKOFF);
      }
      backingOff = unimplemented;
      backoffStartNanos = clock.nanoTime();
    }
    if (sent.isSuccess() || unimplemented) {
      result.succeed();
    } else if (sent.getFailureThrowable() != null) {
      result.failExceptionally(sent.getFailureThrowable());
    } else {
      result.fail();
    }
  }

  static boolean isUnimplemented(Throwable failure) {
    if (failure == null) {
      return false;
    }
    if (Status.fromThrowable(failure).getCode() == Status.Code.UNIMPLEMENTED) {
      return true;
    }
    // Exporters that do not carry a grpc-java status still name the code in their messages.
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains("UNIMPLEMENTED")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "UnimplementedBackoffExporter{" + delegate + "}";
  }
}
