package io.hatchet4j.spring.boot;

import io.hatchet4j.Hatchet;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's worker with the application context: starts it once every bean is ready,
 * and at shutdown stops it taking work and lets running tasks finish (up to {@code
 * hatchet.worker.shutdown-timeout}) before the beans they use are destroyed.
 *
 * <p>The worker registers its workflows before the web server takes requests, so a request never
 * triggers a workflow the engine does not know yet; and it drains after the web server has stopped
 * taking requests.
 */
public final class HatchetWorkerLifecycle implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(HatchetWorkerLifecycle.class);

  private final Hatchet hatchet;
  private final WorkerOptions options;
  private final List<Workflow<?, ?>> workflows;
  private volatile Worker worker;
  private volatile boolean running;

  HatchetWorkerLifecycle(Hatchet hatchet, WorkerOptions options, List<Workflow<?, ?>> workflows) {
    this.hatchet = hatchet;
    this.options = options;
    this.workflows = List.copyOf(workflows);
  }

  /** The running worker; empty before the context starts it, and when there is nothing to run. */
  public Optional<Worker> worker() {
    return Optional.ofNullable(worker);
  }

  /** The worker's name, as its options give it. */
  public String workerName() {
    return options.name();
  }

  /** The workflows the worker runs. */
  public List<Workflow<?, ?>> workflows() {
    return workflows;
  }

  @Override
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    if (workflows.isEmpty()) {
      log.info("hatchet: no Workflow beans or @HatchetTask methods; no worker started");
      return;
    }
    Worker created = hatchet.newWorker(options);
    workflows.forEach(created::register);
    worker = created; // visible to health checks while it registers
    created.start();
    running = true;
  }

  @Override
  public void stop(Runnable callback) {
    Worker current = worker;
    running = false;
    if (current == null) {
      callback.run();
      return;
    }
    current.shutdown().whenComplete((ignored, failure) -> callback.run());
  }

  @Override
  public void stop() {
    Worker current = worker;
    running = false;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Before the web server starts (its phase is DEFAULT_PHASE - 2048), after it stops.
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
