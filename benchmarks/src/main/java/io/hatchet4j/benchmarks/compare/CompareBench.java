package io.hatchet4j.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark suite: the hatchet4j worker against the official TypeScript and Python workers on
 * the same embedded engine, tracing off and on, engine in memory and on a database file; every
 * engine and worker in a process of its own, so the CPU each spends is read from {@code /proc}.
 *
 * <p>Each row gets a cold phase (the first tasks of its fresh worker) and a warm-up phase, then
 * measured rounds, interleaved across rows (the order rotates each round) so that a noisy moment
 * of a shared machine hits every row alike; the ratios are taken per round. See {@link
 * BenchOptions#USAGE}:
 *
 * <pre>
 * mvn -q -B -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.hatchet4j.benchmarks.compare.CompareBench
 * </pre>
 */
public final class CompareBench {
  private CompareBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (!ProcessTree.available()) {
      System.err.println("the suite reads CPU times from /proc: it runs on Linux only");
      System.exit(1);
    }
    String machineBefore = machine();
    List<EngineProcess> engines = Collections.synchronizedList(new ArrayList<>());
    List<Variant> variants = Collections.synchronizedList(new ArrayList<>());
    Path scratch = Files.createTempDirectory("hatchet4j-compare-bench");
    // Ctrl-C must not leave engines and workers running: end them (and their trees) on the way out.
    Thread cleanup = new Thread(() -> {
      List.copyOf(variants).forEach(Variant::close);
      List.copyOf(engines).forEach(EngineProcess::close);
    }, "compare-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      EngineProcess memory = EngineProcess.start("memory", null, options.jvmArgs(), options.logDir());
      engines.add(memory);
      EngineProcess file = null;
      if (!options.dbFileWorkers().isEmpty()) {
        file = EngineProcess.start("db-file", scratch.resolve("bench.db"), options.jvmArgs(), options.logDir());
        engines.add(file);
      }
      for (Lang lang : options.workers()) {
        for (boolean tracing : options.tracing()) {
          variants.add(prepare(lang, tracing, memory, options));
        }
      }
      for (Lang lang : options.dbFileWorkers()) {
        variants.add(prepare(lang, false, file, options));
      }
      for (int round = 0; round < options.rounds(); round++) {
        List<Variant> order = new ArrayList<>(variants);
        Collections.rotate(order, -round);
        for (Variant v : order) {
          v.rounds.add(Phase.bulk(v.client, v.workflow, options.tasks(), v.worker, v.engine));
          v.latencies.add(Phase.sequential(v.client, v.workflow, options.sequential()));
          v.workerRss = Math.max(v.workerRss, v.worker.rssBytes());
        }
        System.err.printf(Locale.ROOT, "round %d of %d done%n", round + 1, options.rounds());
      }
      Report.print(System.out, options, variants, engines, machineBefore + "; at the end: " + machine());
    } finally {
      Runtime.getRuntime().removeShutdownHook(cleanup);
      variants.forEach(Variant::close);
      engines.forEach(EngineProcess::close);
      deleteTree(scratch);
    }
  }

  /** Starts a row's worker and runs its cold and warm-up phases. */
  private static Variant prepare(Lang lang, boolean tracing, EngineProcess engine, BenchOptions options)
      throws InterruptedException {
    System.err.printf(Locale.ROOT, "starting %s worker, tracing %s, engine %s%n", lang.label, tracing ? "on" : "off",
        engine.label);
    Variant v = Variant.start(lang, tracing, engine, options);
    v.cold = Phase.bulk(v.client, v.workflow, options.coldTasks(), v.worker, engine);
    if (options.warmupTasks() > 0) {
      v.warmup = Phase.bulk(v.client, v.workflow, options.warmupTasks(), v.worker, engine);
    }
    return v;
  }

  private static String machine() {
    String load = "";
    try {
      load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      // not shown
    }
    return Runtime.getRuntime().availableProcessors() + " cores" + load;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
