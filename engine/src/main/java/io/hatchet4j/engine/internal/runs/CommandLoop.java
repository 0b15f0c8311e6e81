package io.hatchet4j.engine.internal.runs;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's single scheduler thread: it runs commands in batches of at most {@link #MAX_BATCH},
 * ends each batch with the owner's pass (assignment), commits the store, and only then completes
 * the callers' futures and runs the after-commit effects (messages to workers and subscribers). So
 * nothing is acknowledged before it is durable, and state changes never race.
 *
 * <p>Not public API. {@link #post}, {@link #call} and the health methods are thread-safe; {@link
 * #afterCommit} is for commands running on the loop. A command that throws is survived: its
 * caller gets the error, and only a {@link VirtualMachineError} other than a stack overflow stops
 * the loop, which readiness then reports. The loop owns the store: it closes it when it ends.
 */
final class CommandLoop {
  private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);
  /** Commands per batch: large enough to group commits under load, small enough to stay responsive. */
  static final int MAX_BATCH = 256;
  private static final Command STOP = new Command(() -> {}, null);

  private final EngineStore store;
  private final Runnable endOfBatch;
  private final BatchObserver observer;
  private final java.util.function.BooleanSupplier assignedInBatch;
  private final BlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile boolean accepting = true;
  /** Why the loop stopped for good, if an error it cannot survive stopped it. */
  @Nullable private volatile Throwable fatalError;

  // Confined to the loop's thread.
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Reply<?>> replies = new ArrayList<>();

  /**
   * @param endOfBatch runs on the loop after each batch's commands, before the commit
   */
  CommandLoop(String threadName, EngineStore store, Runnable endOfBatch) {
    this(threadName, store, endOfBatch, BatchObserver.NONE, () -> false);
  }

  /**
   * @param observer hears about each batch once its effects ran
   * @param assignedInBatch tells, right after {@code endOfBatch}, whether it ran an assignment pass
   */
  CommandLoop(String threadName, EngineStore store, Runnable endOfBatch, BatchObserver observer,
      java.util.function.BooleanSupplier assignedInBatch) {
    this.store = requireNonNull(store, "store");
    this.endOfBatch = requireNonNull(endOfBatch, "endOfBatch");
    this.observer = requireNonNull(observer, "observer");
    this.assignedInBatch = requireNonNull(assignedInBatch, "assignedInBatch");
    this.thread = new Thread(this::runLoop, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the loop still takes commands. */
  boolean accepting() {
    return accepting;
  }

  /** Runs {@code action} on the loop once the current batch is committed; only from the loop. */
  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  // ---------------------------------------------------------------- health

  /**
   * Whether the engine can serve: the loop runs and answers a no-op command within
   * {@code deadline}. Blocks for at most that long; safe from any thread but the loop's.
   */
  public Readiness readiness(Duration deadline) {
    Throwable fatal = fatalError;
    if (fatal != null) {
      return new Readiness(false, "the scheduler loop stopped after an error it cannot survive: " + fatal);
    }
    if (!accepting || !thread.isAlive()) {
      return new Readiness(false, "the engine is shutting down");
    }
    try {
      ping().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return new Readiness(true, "ok");
    } catch (TimeoutException e) {
      return new Readiness(false, "the scheduler loop did not answer within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Readiness(false, "interrupted while asking the scheduler loop");
    } catch (ExecutionException e) {
      return new Readiness(false, "the scheduler loop did not answer: " + e.getCause().getMessage());
    }
  }

  /** Completes once the loop has taken a no-op command off its queue. */
  public CompletableFuture<Void> ping() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    if (!post(new Command(() -> future.complete(null), future))) {
      future.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return future;
  }

  /** Completes when the loop has stopped, after a shutdown or an error it could not survive. */
  public CompletableFuture<Void> stopped() {
    return terminated.handle((v, e) -> null);
  }

  /**
   * Completes once every command posted before this call has run, been committed and had its
   * after-commit effects run (messages to workers and subscribers); at once exceptionally when
   * shutting down. Virtual clocks wait on it after firing a timer.
   */
  CompletableFuture<Void> settled() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // After-commit effects run in the order they were added, so this one runs after those of the
    // commands before it.
    if (!post(() -> afterCommit.add(() -> done.complete(null)))) {
      done.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return done;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Stops accepting commands, finishes the queued ones, commits and closes the store. Waits at
   * most {@code timeout}.
   */
  void shutdown(Duration timeout) {
    if (accepting) {
      accepting = false;
      inbox.add(STOP);
    }
    try {
      terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("scheduler did not stop within {}", timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("scheduler stopped with an error", e.getCause());
    }
  }

  // ---------------------------------------------------------------- the loop

  boolean post(Runnable command) {
    return post(new Command(command, null));
  }

  private boolean post(Command command) {
    if (!accepting) {
      return false;
    }
    inbox.add(command);
    if (terminated.isDone()) {
      // The loop ended between the check and the add: make sure no caller waits forever.
      failQueued();
    }
    return true;
  }

  /**
   * Runs {@code body} on the loop; its value reaches the caller once the batch is committed, an
   * exception at once (an {@link Error} as INTERNAL, logged once).
   */
  <T> CompletableFuture<T> call(Supplier<T> body) {
    CompletableFuture<T> future = new CompletableFuture<>();
    boolean posted = post(new Command(() -> {
      T value;
      try {
        value = body.get();
      } catch (RuntimeException e) {
        // Expected errors and bugs alike go back to the caller, whose protocol layer logs bugs.
        future.completeExceptionally(e);
        return;
      } catch (Throwable e) {
        // An Error: logged here once, answered as INTERNAL; the loop survives it unless it is fatal.
        future.completeExceptionally(internalError(e));
        throw e;
      }
      replies.add(new Reply<>(future, value));
    }, future));
    if (!posted) {
      future.completeExceptionally(EngineException.unavailable("the engine is shutting down"));
    }
    return future;
  }

  private static EngineException internalError(Throwable error) {
    return EngineException.internal("internal engine error: " + error.getClass().getName(), null);
  }

  private void runLoop() {
    try {
      boolean stopping = false;
      while (!stopping) {
        Command command = inbox.take();
        long startNanos = System.nanoTime();
        int done = 0;
        while (command != null) {
          if (command == STOP) {
            // Finish what was queued before the stop; nothing new can arrive now.
            stopping = true;
          } else {
            runSafely(command.body());
          }
          done++;
          command = stopping || done < MAX_BATCH ? inbox.poll() : null;
        }
        finishBatch(done, startNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      // Only an error the loop must not survive gets here (see runSafely).
      fatalError = e;
      accepting = false;
      log.error("the scheduler loop stopped: the engine cannot serve until it is restarted", e);
      for (Reply<?> reply : replies) {
        reply.future().completeExceptionally(EngineException.unavailable("the engine stopped: " + e));
      }
      replies.clear();
      failQueued();
    } finally {
      try {
        store.close();
      } catch (RuntimeException e) {
        log.error("could not close the engine store", e);
      }
      terminated.complete(null);
      // Commands posted while the loop was ending will not run: their callers hear so.
      failQueued();
    }
  }

  private void finishBatch(int commands, long startNanos) {
    long assignNanos = System.nanoTime();
    runSafely(endOfBatch);
    boolean assigned = assignedInBatch.getAsBoolean();
    long commitNanos = System.nanoTime();
    RuntimeException commitFailure = null;
    try {
      store.commit();
    } catch (RuntimeException e) {
      log.error("could not commit engine state", e);
      commitFailure = e;
    }
    for (Reply<?> reply : replies) {
      reply.complete(commitFailure);
    }
    replies.clear();
    List<Runnable> effects = new ArrayList<>(afterCommit);
    afterCommit.clear();
    long effectsNanos = System.nanoTime();
    effects.forEach(CommandLoop::runSafely);
    if (observer != BatchObserver.NONE) {
      BatchObserver.Batch batch = new BatchObserver.Batch(commands, assigned, startNanos, assignNanos, commitNanos,
          effectsNanos, System.nanoTime());
      runSafely(() -> observer.batchDone(batch));
    }
  }

  /**
   * Runs one command and survives whatever it throws: bugs and errors such as a stack overflow are
   * logged, once, and the loop goes on. Only a {@link VirtualMachineError} other than a stack
   * overflow (out of memory, an internal JVM error) is passed on: it stops the loop, and readiness
   * says so.
   */
  private static void runSafely(Runnable command) {
    try {
      command.run();
    } catch (RuntimeException e) {
      log.error("engine command failed", e);
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw e;
      }
      log.error("engine command failed with {}; the engine goes on", e, e);
    }
  }

  /** Fails every queued command's caller; for when the loop will not run them. */
  private void failQueued() {
    List<Command> left = new ArrayList<>();
    inbox.drainTo(left);
    for (Command command : left) {
      if (command.future() != null) {
        command.future().completeExceptionally(EngineException.unavailable(
            fatalError == null ? "the engine is shutting down" : "the engine stopped: " + fatalError));
      }
    }
  }

  /** A unit of work for the loop, and the caller's future if one waits for it. */
  private record Command(Runnable body, @Nullable CompletableFuture<?> future) {}

  private record Reply<T>(CompletableFuture<T> future, T value) {
    void complete(@Nullable RuntimeException commitFailure) {
      if (commitFailure == null) {
        future.complete(value);
      } else {
        future.completeExceptionally(EngineException.unavailable("could not store the change: " + commitFailure.getMessage()));
      }
    }
  }
}
