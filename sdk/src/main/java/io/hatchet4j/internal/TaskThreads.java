package io.hatchet4j.internal;

import io.hatchet4j.worker.WorkerOptions;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a worker's handlers run: the application's executor, a virtual thread per task run, or a
 * pool of one platform thread per slot. Not public API.
 */
abstract class TaskThreads {

  /** The threads {@code options} ask for. */
  static TaskThreads create(WorkerOptions options) {
    if (options.executor().isPresent()) {
      return new Given(options.executor().get(), "the application's executor");
    }
    if (options.threadFactory().isEmpty() && options.virtualThreads()) {
      // One virtual thread per task run: a run waiting on I/O holds no platform thread.
      ThreadFactory factory = VirtualThreads.named("hatchet-task-" + options.name());
      return new Given(execution -> factory.newThread(execution).start(), "virtual threads");
    }
    return new Pool(options.slots(), options.threadFactory().orElse(DaemonThreads.named("hatchet-task-" + options.name())));
  }

  abstract void execute(Runnable execution);

  /** A durable task released its slot while keeping its thread: make room for one more. */
  void growForReleasedSlot() {}

  /** A task that released its slot ended: give the room back. */
  void shrinkAfterReleasedSlot() {}

  /** Stops the threads the worker owns; running handlers have been handed back by then. */
  void shutdownNow() {}

  /** Threads the worker does not keep: the application's executor, or a virtual thread per run. */
  private static final class Given extends TaskThreads {
    private final Executor executor;
    private final String description;

    Given(Executor executor, String description) {
      this.executor = executor;
      this.description = description;
    }

    @Override
    void execute(Runnable execution) {
      executor.execute(execution);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** One platform thread per slot, idle threads retiring after 30 seconds. */
  private static final class Pool extends TaskThreads {
    private final ThreadPoolExecutor executor;

    Pool(int slots, ThreadFactory factory) {
      executor = new ThreadPoolExecutor(slots, slots, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
      executor.allowCoreThreadTimeOut(true);
    }

    @Override
    void execute(Runnable execution) {
      executor.execute(execution);
    }

    @Override
    synchronized void growForReleasedSlot() {
      if (!executor.isShutdown()) {
        executor.setMaximumPoolSize(executor.getMaximumPoolSize() + 1);
        executor.setCorePoolSize(executor.getCorePoolSize() + 1);
      }
    }

    @Override
    synchronized void shrinkAfterReleasedSlot() {
      if (!executor.isShutdown()) {
        executor.setCorePoolSize(executor.getCorePoolSize() - 1);
        executor.setMaximumPoolSize(executor.getMaximumPoolSize() - 1);
      }
    }

    @Override
    void shutdownNow() {
      executor.shutdownNow();
    }

    @Override
    public String toString() {
      return executor.getMaximumPoolSize() + " platform threads";
    }
  }
}
