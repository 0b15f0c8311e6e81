package io.hatchet4j.benchmarks.compare;

import io.hatchet4j.BulkRun;
import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.benchmarks.compare.JavaNoopWorker.Ping;
import io.hatchet4j.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One measured stretch of work against one worker: throughput and CPU, or sequential latencies. */
record Phase(int tasks, long nanos, long workerCpuNanos, long engineCpuNanos) {
  /** Triggers per bulk call; upstream takes at most 1,000. */
  private static final int BULK = 500;

  double runsPerSecond() {
    return tasks * 1e9 / nanos;
  }

  double workerMicrosPerTask() {
    return workerCpuNanos / 1e3 / tasks;
  }

  double engineMicrosPerTask() {
    return engineCpuNanos / 1e3 / tasks;
  }

  /**
   * Triggers {@code tasks} runs in bulk calls from this driver, all at once, and waits for every
   * result: runs/s from the first trigger to the last result, and the CPU the worker's and the
   * engine's process trees spent meanwhile.
   */
  static Phase bulk(Hatchet client, Workflow<Ping, Ping> workflow, int tasks, WorkerProcess worker,
      EngineProcess engine) {
    long workerCpu = worker.cpuNanos();
    long engineCpu = engine.cpuNanos();
    long start = System.nanoTime();
    List<CompletableFuture<Ping>> results = new ArrayList<>(tasks);
    for (int from = 0; from < tasks; from += BULK) {
      List<BulkRun<Ping>> runs = new ArrayList<>(BULK);
      for (int i = from; i < Math.min(tasks, from + BULK); i++) {
        runs.add(BulkRun.of(new Ping(i)));
      }
      for (RunRef<Ping> ref : client.runManyNoWait(workflow, runs)) {
        results.add(ref.result());
      }
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.MINUTES).join();
    long nanos = System.nanoTime() - start;
    return new Phase(tasks, nanos, worker.cpuNanos() - workerCpu, engine.cpuNanos() - engineCpu);
  }

  /** Runs {@code tasks} runs one after the other; returns each trigger-to-result time in nanoseconds. */
  static long[] sequential(Hatchet client, Workflow<Ping, Ping> workflow, int tasks) {
    long[] latencies = new long[tasks];
    for (int i = 0; i < tasks; i++) {
      long t0 = System.nanoTime();
      client.run(workflow, new Ping(i));
      latencies[i] = System.nanoTime() - t0;
    }
    return latencies;
  }
}
