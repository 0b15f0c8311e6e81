package io.hatchet4j.benchmarks;

import io.hatchet4j.BulkRun;
import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.Tenant;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An I/O-bound worker under load: 1,000 slots of a task that waits 100 ms, run on platform threads,
 * on virtual threads (Java 21+), and as an async handler whose wait holds no thread. Prints
 * throughput and the worker's memory. Not a test; prints a table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hatchet4j.benchmarks.IoBoundWorkerBench \
 *     [--runs 10000] [--slots 1000] [--wait-ms 100] [--modes platform,virtual,async] [--java path/to/java21/bin/java]
 * </pre>
 *
 * <p>The engine runs in this process; each worker runs alone in a child JVM (same heap limit for
 * all), so its memory is its own: resident set size (RSS) sampled every 20 ms while the runs go
 * through, its growth over the started worker's before any run, peak heap in use, and peak platform
 * threads. Once the slots are (95 %) full of waiting tasks, a snapshot after a full collection gives
 * what those tasks hold: committed platform-thread stacks (native memory tracking) plus live heap
 * (where virtual threads keep their stacks and async handlers their futures), over the same
 * baseline. A warm-up of one slot-full of runs precedes each measurement.
 */
public final class IoBoundWorkerBench {
  record Input(int n) {}

  record Output(int n) {}

  private IoBoundWorkerBench() {}

  private static Workflow<Input, Output> workflow(String mode, long waitMillis) {
    Task.Builder<Input, Output> task = Task.builder("io-wait", Input.class, Output.class);
    if (mode.equals("async")) {
      task.setAsyncHandler((input, ctx) -> CompletableFuture.supplyAsync(
          () -> new Output(input.n()), CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS, Runnable::run)));
    } else {
      task.setHandler((input, ctx) -> {
        Thread.sleep(waitMillis); // a blocking call to another service
        return new Output(input.n());
      });
    }
    return Workflow.standalone(task.build());
  }

  public static void main(String[] args) throws Exception {
    if (option(args, "--worker", null) != null) {
      runWorker(args);
      return;
    }
    int runs = Integer.parseInt(option(args, "--runs", "10000"));
    int slots = Integer.parseInt(option(args, "--slots", "1000"));
    long waitMillis = Long.parseLong(option(args, "--wait-ms", "100"));
    String java = option(args, "--java", ProcessHandle.current().info().command().orElse("java"));
    List<String> modes = List.of(option(args, "--modes", "platform,virtual,async").split(","));
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    List<String> rows = new ArrayList<>();
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build())) {
      for (String mode : modes) {
        rows.add(measure(engine, java, mode, runs, slots, waitMillis));
      }
    }
    System.out.printf("%n%d runs of a task that waits %d ms, %d slots, worker JVM: %s%n", runs, waitMillis, slots, java);
    System.out.println("| worker | runs/s | ideal runs/s | RSS peak (MiB) | RSS growth (MiB) | heap peak (MiB) | platform threads peak "
        + "| tasks waiting at snapshot | thread stacks (MiB) | live heap (MiB) | held by waiting tasks (MiB) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String measure(HatchetEngine engine, String java, String mode, int runs, int slots, long waitMillis)
      throws Exception {
    Tenant tenant = engine.createTenant("bench-" + mode);
    Process child =
        new ProcessBuilder(java, "-Xmx512m", "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
            IoBoundWorkerBench.class.getName(), "--worker", mode, "--host", engine.grpcTarget(),
            "--token", tenant.token(), "--slots", String.valueOf(slots), "--wait-ms", String.valueOf(waitMillis))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("READY")) {
      System.out.println("[" + mode + "] " + line);
    }
    if (line == null) {
      return "| " + mode + " | did not start (virtual threads need Java 21+: --java) | | | | | | | | | |";
    }
    Workflow<Input, Output> workflow = workflow(mode, waitMillis);
    try (Hatchet hatchet = Hatchet.builder().setEnvironment(Map.of()).setToken(tenant.token())
        .setHostPort(engine.grpcTarget()).setTlsStrategy(TlsStrategy.NONE).build()) {
      runAll(hatchet, workflow, slots); // warm-up
      in.println("MEASURE");
      out.readLine(); // MEASURING
      long start = System.nanoTime();
      runAll(hatchet, workflow, runs);
      double seconds = (System.nanoTime() - start) / 1e9;
      in.println("STOP");
      // idleRss peakRss peakHeap peakThreads waiting idleStacks idleLive stacks live (bytes and counts; -1: no snapshot)
      String stats = out.readLine();
      child.waitFor(60, TimeUnit.SECONDS);
      String[] f = stats.split(" ");
      double mib = 1024 * 1024;
      long idle = Long.parseLong(f[0]);
      long peak = Long.parseLong(f[1]);
      String snapshot =
          f[4].equals("-1")
              ? "not full | | | "
              : String.format("%s | %.1f | %.1f | %.1f", f[4], Long.parseLong(f[7]) / mib, Long.parseLong(f[8]) / mib,
                  (Long.parseLong(f[7]) + Long.parseLong(f[8]) - Long.parseLong(f[5]) - Long.parseLong(f[6])) / mib);
      return String.format("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s |", mode, runs / seconds,
          slots * 1000.0 / waitMillis, peak / mib, (peak - idle) / mib, Long.parseLong(f[2]) / mib, f[3], snapshot);
    } finally {
      child.destroy();
    }
  }

  private static void runAll(Hatchet hatchet, Workflow<Input, Output> workflow, int count) {
    List<BulkRun<Input>> runs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      runs.add(BulkRun.of(new Input(i)));
    }
    List<RunRef<Output>> refs = hatchet.runManyNoWait(workflow, runs);
    CompletableFuture.allOf(refs.stream().map(RunRef::result).toArray(CompletableFuture[]::new)).join();
  }

  /** The child: a worker alone in its JVM, reporting its own memory. */
  private static void runWorker(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String mode = option(args, "--worker", null);
    long waitMillis = Long.parseLong(option(args, "--wait-ms", "100"));
    WorkerOptions.Builder options =
        WorkerOptions.builder().setName("bench-" + mode).setSlots(Integer.parseInt(option(args, "--slots", "1000")));
    ExecutorService small = null;
    switch (mode) {
      case "platform" -> options.setVirtualThreads(false);
      case "virtual" -> options.setVirtualThreads(true);
      case "async" -> {
        // Async handlers return at once: a few threads serve all slots.
        small = Executors.newFixedThreadPool(4, runnable -> {
          Thread thread = new Thread(runnable, "bench-async");
          thread.setDaemon(true);
          return thread;
        });
        options.setExecutor(small);
      }
      default -> throw new IllegalArgumentException("mode: platform, virtual or async");
    }
    try (Hatchet hatchet = Hatchet.builder().setEnvironment(Map.of()).setToken(option(args, "--token", null))
        .setHostPort(option(args, "--host", null)).setTlsStrategy(TlsStrategy.NONE).build()) {
      Worker worker = hatchet.newWorker(options.build()).register(workflow(mode, waitMillis)).start();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      // The baseline: a started worker that has run nothing yet (a pool's threads outlive the warm-up).
      long[] idleHeld = held();
      long idle = rss();
      System.out.println("READY");
      in.readLine(); // MEASURE, after the warm-up
      long[] snapshot = {-1, -1, -1};
      int full = worker.stats().slots() * 95 / 100;
      AtomicLong peakRss = new AtomicLong(idle);
      AtomicLong peakHeap = new AtomicLong();
      var threads = ManagementFactory.getThreadMXBean();
      threads.resetPeakThreadCount();
      var memory = ManagementFactory.getMemoryMXBean();
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          int waiting = worker.stats().slotsInUse();
          if (snapshot[0] < 0 && waiting >= full) {
            // Once, when the slots are (nearly) all held by waiting tasks: what do they cost?
            long[] now = held();
            snapshot[0] = waiting;
            snapshot[1] = now[0];
            snapshot[2] = now[1];
          }
          peakRss.accumulateAndGet(rss(), Math::max);
          peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.setDaemon(true);
      sampler.start();
      System.out.println("MEASURING");
      in.readLine(); // STOP
      sampler.interrupt();
      sampler.join();
      System.out.println(idle + " " + peakRss.get() + " " + peakHeap.get() + " " + threads.getPeakThreadCount() + " "
          + snapshot[0] + " " + idleHeld[0] + " " + idleHeld[1] + " " + snapshot[1] + " " + snapshot[2]);
      worker.shutdown().get(30, TimeUnit.SECONDS);
    } finally {
      if (small != null) {
        small.shutdownNow();
      }
    }
  }

  /**
   * Memory that waiting tasks hold: the committed stacks of platform threads (native memory
   * tracking's "Thread" category) and the live heap after a full collection, where virtual threads
   * keep their stacks and async handlers their pending futures.
   */
  private static long[] held() {
    System.gc();
    long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long stacks = -1;
    try {
      String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
      var matcher = java.util.regex.Pattern.compile("-\\s+Thread \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(summary);
      if (matcher.find()) {
        stacks = Long.parseLong(matcher.group(1)) * 1024;
      }
    } catch (Exception e) {
      System.err.println("native memory tracking unavailable: " + e);
    }
    return new long[] {stacks, live};
  }

  /** This process's resident set size, from /proc (Linux). */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return 0;
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

}
