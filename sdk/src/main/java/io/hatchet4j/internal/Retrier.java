package io.hatchet4j.internal;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.HatchetException;
import io.hatchet4j.RetryPolicy;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends unary calls again, as the {@link RetryPolicy} says, while the engine cannot be reached.
 *
 * <p>Only {@code UNAVAILABLE} is retried: the engine is down, restarting, shutting down or out of
 * reach. Every other code is an answer from the engine and is final, as in the official SDKs
 * (which never retry {@code ALREADY_EXISTS}, {@code INVALID_ARGUMENT}, {@code NOT_FOUND}, {@code
 * UNAUTHENTICATED}, {@code PERMISSION_DENIED} or {@code UNIMPLEMENTED}).
 *
 * <p>An {@code UNAVAILABLE} call either never reached the engine (the connection was refused, the
 * name did not resolve, the engine refused the stream as it went away) or may have been received
 * before the connection broke. Calls that are safe to repeat are retried either way; calls that
 * must not run twice ({@link Replay#IF_NOT_SENT}) only in the first case.
 *
 * <p>Thread-safe. Not public API.
 */
public final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);

  /** Whether a call may be sent again after a failure that leaves open whether the engine got it. */
  public enum Replay {
    /** Repeating it is harmless or deduplicated by the engine: retry every {@code UNAVAILABLE}. */
    ALWAYS,
    /** Repeating it could do it twice: retry only when the call provably never reached the engine. */
    IF_NOT_SENT
  }

  private final RetryPolicy policy;
  private final ManagedChannel channel;
  private final String target;
  private final Supplier<String> engineVersion;
  private final CountDownLatch closed = new CountDownLatch(1);

  public Retrier(RetryPolicy policy, ManagedChannel channel, String target) {
    this(policy, channel, target, () -> null);
  }

  /**
   * @param engineVersion how the engine's version reads in a message ({@code "reports v0.78.0"}), or
   *     null when unknown; asked when the engine does not implement a call
   */
  public Retrier(RetryPolicy policy, ManagedChannel channel, String target, Supplier<String> engineVersion) {
    this.policy = policy;
    this.channel = channel;
    this.target = target;
    this.engineVersion = engineVersion;
  }

  public RetryPolicy policy() {
    return policy;
  }

  /** Stops waiting between attempts: calls in their backoff fail with their last error. */
  public void close() {
    closed.countDown();
  }

  /** {@link #call(String, Replay, ClientRuntime.ThrowingSupplier, Function)} without recovery. */
  public <T> T call(String operation, Replay replay, ClientRuntime.ThrowingSupplier<T> body) throws Exception {
    return call(operation, replay, body, failure -> Optional.empty());
  }

  /**
   * Runs {@code body}, sending it again after an {@code UNAVAILABLE} failure as the policy allows.
   * A failure of a repeated attempt is first offered to {@code onRetriedFailure}, which may turn it
   * into a result (an idempotency collision with the run the first attempt created, say).
   *
   * @throws StatusRuntimeException the last failure; when it was retried, its description says how
   *     many attempts were made over how long
   */
  public <T> T call(
      String operation,
      Replay replay,
      ClientRuntime.ThrowingSupplier<T> body,
      Function<StatusRuntimeException, Optional<T>> onRetriedFailure)
      throws Exception {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return body.get();
      } catch (StatusRuntimeException failure) {
        if (attempt > 1) {
          Optional<T> recovered = onRetriedFailure.apply(failure);
          if (recovered.isPresent()) {
            return recovered.get();
          }
        }
        Status.Code code = failure.getStatus().getCode();
        if (code == Status.Code.UNIMPLEMENTED) {
          throw unimplemented(failure);
        }
        if (code != Status.Code.UNAVAILABLE) {
          throw attempt == 1 ? failure : withNote(failure, attempts(attempt) + " to " + target);
        }
        if (replay == Replay.IF_NOT_SENT && !neverSent(failure)) {
          throw withNote(failure, attempts(attempt) + " to " + target
              + "; not sent again: the engine may have received it, and sending it again could do it twice");
        }
        if (attempt >= policy.maxAttempts()) {
          throw withNote(failure, attempt == 1
              ? "after 1 attempt to " + target + "; retries are off"
              : attempts(attempt) + " to " + target + " over " + elapsedMillis(started) + " ms");
        }
        Duration delay = policy.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        log.debug("{} failed ({}), attempt {} of {}; retrying in {} ms", operation, describe(failure), attempt,
            policy.maxAttempts(), delay.toMillis());
        if (closed.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
          throw withNote(failure, attempts(attempt) + " to " + target + "; the client is closing");
        }
        // The channel waits longer and longer between its own reconnection attempts; a retry
        // should find out at once whether the engine is back.
        channel.resetConnectBackoff();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HatchetException(operation + " was interrupted while waiting to retry", e);
      }
    }
  }

  /**
   * Whether a failed call provably never reached the engine: the connection was refused or its
   * address did not resolve, or the engine refused the stream before reading it.
   */
  static boolean neverSent(StatusRuntimeException failure) {
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof UnresolvedAddressException) {
        return true;
      }
    }
    String description = failure.getStatus().getDescription();
    // HTTP/2 GOAWAY: streams the engine had not accepted when it went away (grpc-java's wording).
    return description != null && description.contains("unsent stream");
  }

  /** A call the engine does not know: say which engine, and its version, so the user knows to upgrade. */
  private StatusRuntimeException unimplemented(StatusRuntimeException failure) {
    String version;
    try {
      version = engineVersion.get();
    } catch (RuntimeException e) {
      version = null;
    }
    return withNote(failure, "the engine at " + target + (version == null ? "" : ", which " + version + ",")
        + " does not implement this call; it may need a newer Hatchet engine");
  }

  private static String attempts(int attempts) {
    return "after " + attempts + (attempts == 1 ? " attempt" : " attempts");
  }

  private static long elapsedMillis(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /** The failure with {@code note} added to its description, same code, trailers and cause chain. */
  private static StatusRuntimeException withNote(StatusRuntimeException failure, String note) {
    Status status = failure.getStatus();
    String description = status.getDescription() == null ? note : status.getDescription() + " (" + note + ")";
    Metadata trailers = failure.getTrailers() == null ? new Metadata() : failure.getTrailers();
    return Status.fromCode(status.getCode()).withDescription(description).withCause(failure).asRuntimeException(trailers);
  }

  private static String describe(StatusRuntimeException failure) {
    Status status = failure.getStatus();
    return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }
}
