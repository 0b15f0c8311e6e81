package io.hatchet4j.benchmarks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The suite's settings, from its command line. */
record BenchOptions(int rounds, int tasks, int coldTasks, int warmupTasks, int sequential, int slots,
    List<Lang> workers, List<Boolean> tracing, List<Lang> dbFileWorkers, Path interopDir, Path logDir,
    List<String> jvmArgs) {

  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: java -cp benchmarks/target/benchmarks.jar io.hatchet4j.benchmarks.compare.CompareBench [options]",
      "",
      "Runs no-op tasks on the hatchet4j worker and the official TypeScript and Python workers (the",
      "interop peers), tracing off and on, on one embedded engine in memory and one on --db-file,",
      "each in its own process, and prints one table: rounds interleaved, ratios from the same run.",
      "",
      "  --rounds N           measured rounds per row, interleaved across rows (default 4)",
      "  --tasks N            tasks per round, bulk-triggered at once (default 2000)",
      "  --cold-tasks N       first tasks of a fresh worker, reported as the cold phase (default 1000)",
      "  --warmup-tasks N     then this many as the JIT warm-up phase, reported apart (default 5000)",
      "  --sequential N       sequential trigger->result runs per round, for p50/p99 (default 100)",
      "  --slots N            worker slots (default 50)",
      "  --workers L,...      java,ts,py (default all three)",
      "  --tracing M,...      off,on (default both)",
      "  --db-file-workers L,...  workers also measured on the --db-file engine, tracing off",
      "                       (default java; 'none' for no --db-file engine)",
      "  --interop-dir PATH   where interop/ts and interop/python are (default interop)",
      "  --logs PATH          process logs (default target/compare-bench)",
      "  --jvm-args \"...\"     JVM options of the engine and Java worker processes",
      "",
      "About 3-4 minutes with the defaults on a quiet 2-core machine; lower --tasks and --warmup-tasks",
      "for a quick look.");

  static BenchOptions parse(String[] args) {
    int rounds = 4;
    int tasks = 2000;
    int cold = 1000;
    int warmup = 5000;
    int sequential = 100;
    int slots = 50;
    List<Lang> workers = List.of(Lang.values());
    List<Boolean> tracing = List.of(false, true);
    List<Lang> dbFileWorkers = List.of(Lang.JAVA);
    Path interop = Path.of("interop");
    Path logs = Path.of("target", "compare-bench");
    List<String> jvmArgs = List.of();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("-h") || name.equals("--help")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--rounds" -> rounds = positive(name, value);
        case "--tasks" -> tasks = positive(name, value);
        case "--cold-tasks" -> cold = positive(name, value);
        case "--warmup-tasks" -> warmup = nonNegative(name, value);
        case "--sequential" -> sequential = positive(name, value);
        case "--slots" -> slots = positive(name, value);
        case "--workers" -> workers = langs(value);
        case "--tracing" -> tracing = Arrays.stream(value.split(",")).map(v -> switch (v.strip()) {
          case "on" -> true;
          case "off" -> false;
          default -> throw new IllegalArgumentException("--tracing takes off, on or off,on");
        }).distinct().toList();
        case "--db-file-workers" -> dbFileWorkers = value.equals("none") ? List.of() : langs(value);
        case "--interop-dir" -> interop = Path.of(value);
        case "--logs" -> logs = Path.of(value);
        case "--jvm-args" -> jvmArgs = value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
        default -> throw new IllegalArgumentException("unknown option " + name + "\n\n" + USAGE);
      }
    }
    return new BenchOptions(rounds, tasks, cold, warmup, sequential, slots, workers, tracing, dbFileWorkers,
        interop.toAbsolutePath(), logs.toAbsolutePath(), jvmArgs);
  }

  private static List<Lang> langs(String value) {
    List<Lang> langs = new ArrayList<>();
    for (String part : value.toLowerCase(Locale.ROOT).split(",")) {
      Lang lang = Lang.of(part);
      if (!langs.contains(lang)) {
        langs.add(lang);
      }
    }
    return langs;
  }

  private static int positive(String name, String value) {
    int n = nonNegative(name, value);
    if (n == 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return n;
  }

  private static int nonNegative(String name, String value) {
    try {
      int n = Integer.parseInt(value.replace("_", ""));
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
  }
}
