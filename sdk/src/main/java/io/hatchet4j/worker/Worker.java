package io.hatchet4j.worker;

import io.hatchet4j.workflow.Workflow;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A process's share of the work: registers workflows with the engine, takes the task runs the
 * engine assigns, runs them and reports their results.
 *
 * <p>Create one with {@link io.hatchet4j.Hatchet#newWorker}, {@link #register} its workflows, then
 * {@link #start()} it. Registration freezes at start. Thread-safe.
 *
 * <pre>{@code
 * try (Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("billing").setSlots(20).build())) {
 *   worker.register(checkout).start();
 *   worker.awaitTermination();
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * <p>{@link #start()} registers the workflows and the worker, opens the stream on which the engine
 * assigns work and starts heartbeats; it returns once the worker is registered. When the stream
 * drops, the worker reconnects with exponential backoff. {@link #shutdown()} stops taking work,
 * lets running tasks finish for up to {@link WorkerOptions#shutdownTimeout()}, interrupts those
 * still running and hands their runs back to the engine, which gives them to another worker.
 */
public interface Worker extends AutoCloseable {

  /**
   * Adds a workflow this worker runs.
   *
   * @throws IllegalStateException after {@link #start()}, or for a workflow {@linkplain
   *     Workflow#isReference() reference}
   */
  Worker register(Workflow<?, ?> workflow);

  /**
   * Registers with the engine and starts taking work; returns once registered.
   *
   * @throws io.hatchet4j.HatchetException if the engine rejects the registration or cannot be
   *     reached
   */
  Worker start();

  /**
   * The worker's name, as given in its options. The engine knows it with the client's namespace in
   * front, as workers of the official SDKs.
   */
  String name();

  /** The id the engine gave this worker, once started. */
  Optional<String> id();

  /**
   * Stops taking work and finishes or hands back what runs; completes when the worker has stopped.
   * Calling it again returns the same future.
   */
  CompletableFuture<Void> shutdown();

  /**
   * Where the worker stands: {@link WorkerStatus#HEALTHY} once registered, listening and answered
   * by the engine's heartbeats.
   *
   * @since 0.1.0
   */
  WorkerStatus status();

  /**
   * What the worker is doing and has done since it started: slots in use, tasks running,
   * completed, failed, retried, and the time assigned runs waited for a thread.
   *
   * @since 0.1.0
   */
  WorkerStats stats();

  /**
   * The address of the health and metrics endpoint while the worker serves one (see {@link
   * WorkerOptions.Builder#setHealthcheck}).
   *
   * @since 0.1.0
   */
  Optional<InetSocketAddress> healthcheckAddress();

  /** Blocks until the worker has stopped, for a {@code main} that just runs a worker. */
  void awaitTermination() throws InterruptedException;

  /** {@link #shutdown()}, waiting for it to finish. */
  @Override
  void close();
}
