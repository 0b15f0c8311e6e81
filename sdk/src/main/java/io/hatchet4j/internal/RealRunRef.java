package io.hatchet4j.internal;

import io.hatchet4j.HatchetException;
import io.hatchet4j.RunRef;
import io.hatchet4j.RunStatus;
import io.hatchet4j.features.RunDetails;
import io.hatchet4j.features.Runs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** A run reference that fetches its result on first demand and shares it. Not public API. */
final class RealRunRef<O> implements RunRef<O> {
  private final String runId;
  private final Supplier<CompletableFuture<O>> fetch;
  private final Runs runs;
  private CompletableFuture<O> result; // guarded by this

  RealRunRef(String runId, Supplier<CompletableFuture<O>> fetch, Runs runs) {
    this.runId = runId;
    this.fetch = fetch;
    this.runs = runs;
  }

  @Override
  public List<String> cancel() {
    return runs.cancel(runId);
  }

  @Override
  public List<String> replay() {
    return runs.replay(runId);
  }

  @Override
  public RunStatus status() {
    return runs.status(runId);
  }

  @Override
  public RunDetails details() {
    return runs.get(runId);
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public synchronized CompletableFuture<O> result() {
    if (result == null) {
      result = fetch.get();
    }
    // A copy, so that a caller completing or cancelling its future cannot affect other callers.
    return result.copy();
  }

  @Override
  public O await() {
    return await(null);
  }

  @Override
  public O await(Duration timeout) {
    CompletableFuture<O> future = result();
    try {
      return timeout == null ? future.get() : future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        // Re-thrown as is, so callers can catch RunFailedException; the waiting thread's stack
        // is added for context.
        cause.addSuppressed(new HatchetException("awaited here, for run " + runId));
        throw (RuntimeException) cause;
      }
      throw new HatchetException("waiting for run " + runId + " failed", cause);
    } catch (TimeoutException e) {
      throw new HatchetException("run " + runId + " did not finish within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HatchetException("interrupted while waiting for run " + runId, e);
    } catch (CancellationException e) {
      throw new HatchetException("waiting for run " + runId + " was cancelled", e);
    }
  }

  @Override
  public String toString() {
    return "RunRef{" + runId + "}";
  }
}
