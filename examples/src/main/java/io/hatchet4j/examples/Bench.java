package io.hatchet4j.examples;

import io.hatchet4j.BulkRun;
import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures no-op tasks through the embedded engine over loopback gRPC: tasks per second and
 * trigger-to-result latency, for three ways of triggering, printed as one table.
 */
final class Bench {
  private Bench() {}

  record Ping(int n) {}

  record Pong(int n) {}

  static final Workflow<Ping, Pong> NOOP =
      Workflow.standalone(Task.builder("noop", Ping.class, Pong.class).setHandler((ping, ctx) -> new Pong(ping.n())).build());

  static void main(String[] args) throws Exception {
    int tasks = Main.intOption(args, "--tasks", 2000);
    int workers = Main.intOption(args, "--workers", 2);
    int slots = Main.intOption(args, "--slots", 50);
    int inFlight = Main.intOption(args, "--in-flight", 100);
    int threads = Main.intOption(args, "--threads", 4);
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
        Hatchet client = client(engine)) {
      List<Hatchet> workerClients = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        Hatchet workerClient = client(engine);
        workerClients.add(workerClient);
        workerClient.newWorker(WorkerOptions.builder().setName("bench-" + i).setSlots(slots).build()).register(NOOP).start();
      }
      // Warm up the JIT, the connections and the engine's queues before measuring.
      measureInFlight(client, Math.min(tasks, 500), inFlight, threads);
      List<String> rows = new ArrayList<>();
      rows.add(row("sequential run()", measureSequential(client, Math.min(tasks, 300))));
      rows.add(row("runNoWait, " + inFlight + " in flight", measureInFlight(client, tasks, inFlight, threads)));
      rows.add(row("runMany (bulk)*", measureBulk(client, tasks)));

      System.out.printf(Locale.ROOT, "%nno-op tasks through the embedded engine: %d workers x %d slots, loopback gRPC%n%n", workers, slots);
      System.out.printf(Locale.ROOT, "%-28s %8s %10s %10s %10s %10s%n", "mode", "tasks", "seconds", "tasks/s", "p50 ms", "p99 ms");
      rows.forEach(System.out::println);
      System.out.println("* bulk latency counts from the start of the bulk call to each run's result");
      workerClients.forEach(Hatchet::close);
    }
  }

  private static Hatchet client(HatchetEngine engine) {
    return Hatchet.builder()
        .setEnvironment(Map.of())
        .setToken(engine.token())
        .setHostPort(engine.grpcTarget())
        .setTlsStrategy(TlsStrategy.NONE)
        .build();
  }

  record Measurement(int tasks, long nanos, long[] latencies) {}

  private static Measurement measureSequential(Hatchet client, int tasks) {
    long[] latencies = new long[tasks];
    long start = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      long t0 = System.nanoTime();
      client.run(NOOP, new Ping(i));
      latencies[i] = System.nanoTime() - t0;
    }
    return new Measurement(tasks, System.nanoTime() - start, latencies);
  }

  /**
   * Keeps {@code inFlight} runs outstanding from several threads, since each trigger is a blocking
   * call: one thread alone would measure the round trip of triggering, not the engine.
   */
  private static Measurement measureInFlight(Hatchet client, int tasks, int inFlight, int threads) throws InterruptedException {
    long[] latencies = new long[tasks];
    Semaphore permits = new Semaphore(inFlight);
    AtomicInteger next = new AtomicInteger();
    List<CompletableFuture<Pong>> all = new CopyOnWriteArrayList<>();
    List<Thread> triggers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread trigger =
          new Thread(
              () -> {
                for (int index = next.getAndIncrement(); index < tasks; index = next.getAndIncrement()) {
                  permits.acquireUninterruptibly();
                  int i = index;
                  long t0 = System.nanoTime();
                  all.add(
                      client.runNoWait(NOOP, new Ping(i))
                          .result()
                          .whenComplete(
                              (pong, failure) -> {
                                latencies[i] = System.nanoTime() - t0;
                                permits.release();
                              }));
                }
              },
              "bench-trigger-" + t);
      trigger.start();
      triggers.add(trigger);
    }
    for (Thread trigger : triggers) {
      trigger.join();
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new Measurement(tasks, System.nanoTime() - start, latencies);
  }

  private static Measurement measureBulk(Hatchet client, int tasks) {
    List<BulkRun<Ping>> runs = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      runs.add(BulkRun.of(new Ping(i)));
    }
    long[] latencies = new long[tasks];
    long start = System.nanoTime();
    List<RunRef<Pong>> refs = client.runManyNoWait(NOOP, runs);
    List<CompletableFuture<Pong>> all = new ArrayList<>(tasks);
    for (int i = 0; i < refs.size(); i++) {
      int index = i;
      all.add(refs.get(i).result().whenComplete((pong, failure) -> latencies[index] = System.nanoTime() - start));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new Measurement(tasks, System.nanoTime() - start, latencies);
  }

  private static String row(String mode, Measurement m) {
    long[] sorted = m.latencies().clone();
    Arrays.sort(sorted);
    double seconds = m.nanos() / 1e9;
    return String.format(
        Locale.ROOT,
        "%-28s %8d %10.2f %10.0f %10.2f %10.2f",
        mode,
        m.tasks(),
        seconds,
        m.tasks() / seconds,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6);
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
