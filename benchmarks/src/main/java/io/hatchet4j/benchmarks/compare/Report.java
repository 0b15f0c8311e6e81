package io.hatchet4j.benchmarks.compare;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;

/** Prints the suite's table and the ratios between its rows, all from the same run. */
final class Report {
  private Report() {}

  static void print(PrintStream out, BenchOptions options, List<Variant> variants, List<EngineProcess> engines,
      String machine) {
    out.printf(Locale.ROOT, "%nNo-op task returning its input, %d slots, bulk triggers from one Java driver; %s%n",
        options.slots(), machine);
    out.printf(Locale.ROOT, "Medians of %d interleaved rounds of %d tasks; CPU summed over each process tree; "
        + "p50/p99 of %d sequential trigger->result runs per round.%n", options.rounds(), options.tasks(),
        options.sequential());
    out.printf(Locale.ROOT, "Cold: the first %d tasks of a fresh worker; warm-up: the %d after them.%n%n",
        options.coldTasks(), options.warmupTasks());
    out.println("| worker | tracing | engine | runs/s | worker µs/task | engine µs/task | p50 ms | p99 ms "
        + "| worker RSS MB | cold runs/s | cold worker µs/task | warm-up runs/s | warm-up worker µs/task |");
    out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Variant v : variants) {
      long[] latencies = v.latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      out.printf(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %,.0f | %,.0f | %,.0f | %s | %s |%n",
          v.label(), v.tracing ? "on" : "off", v.engine.label,
          median(v.rounds, Phase::runsPerSecond), median(v.rounds, Phase::workerMicrosPerTask),
          median(v.rounds, Phase::engineMicrosPerTask), percentile(latencies, 0.50) / 1e6,
          percentile(latencies, 0.99) / 1e6, v.workerRss / 1e6,
          v.cold.runsPerSecond(), v.cold.workerMicrosPerTask(),
          v.warmup == null ? "-" : String.format(Locale.ROOT, "%,.0f", v.warmup.runsPerSecond()),
          v.warmup == null ? "-" : String.format(Locale.ROOT, "%,.0f", v.warmup.workerMicrosPerTask()));
    }
    out.println();
    for (EngineProcess engine : engines) {
      out.printf(Locale.ROOT, "engine %s: RSS %,.0f MB at the end%n", engine.label, engine.rssBytes() / 1e6);
    }
    out.println();
    out.println("Ratios (per round, then the median):");
    Optional<Variant> java = find(variants, Lang.JAVA, false, "memory");
    for (Lang other : List.of(Lang.TYPESCRIPT, Lang.PYTHON)) {
      Optional<Variant> peer = find(variants, other, false, "memory");
      if (java.isPresent() && peer.isPresent()) {
        out.printf(Locale.ROOT, "  hatchet4j / %s (tracing off, memory): runs/s %.2fx; %s worker CPU per task %.2fx "
            + "of ours; engine CPU per task serving it %.2fx of serving ours%n", other.label,
            ratio(java.get(), peer.get(), Phase::runsPerSecond), other.label,
            ratio(peer.get(), java.get(), Phase::workerMicrosPerTask),
            ratio(peer.get(), java.get(), Phase::engineMicrosPerTask));
      }
    }
    for (Lang lang : Lang.values()) {
      Optional<Variant> off = find(variants, lang, false, "memory");
      Optional<Variant> on = find(variants, lang, true, "memory");
      if (off.isPresent() && on.isPresent()) {
        out.printf(Locale.ROOT, "  %s tracing on / off: runs/s %.3f; worker CPU %+.1f µs per task; engine CPU %+.1f µs "
            + "per task%n", lang.label, ratio(on.get(), off.get(), Phase::runsPerSecond),
            difference(on.get(), off.get(), Phase::workerMicrosPerTask),
            difference(on.get(), off.get(), Phase::engineMicrosPerTask));
      }
    }
    for (Lang lang : Lang.values()) {
      Optional<Variant> memory = find(variants, lang, false, "memory");
      Optional<Variant> file = find(variants, lang, false, "db-file");
      if (memory.isPresent() && file.isPresent()) {
        out.printf(Locale.ROOT, "  %s worker, --db-file / memory: engine CPU per task %.2fx; runs/s %.2fx%n", lang.label,
            ratio(file.get(), memory.get(), Phase::engineMicrosPerTask),
            ratio(file.get(), memory.get(), Phase::runsPerSecond));
      }
    }
    for (Variant v : variants) {
      if (!v.tracing && v.engine.label.equals("memory")) {
        out.printf(Locale.ROOT, "  %s cold / warm worker CPU per task: %.2fx%n", v.label(),
            v.cold.workerMicrosPerTask() / median(v.rounds, Phase::workerMicrosPerTask));
      }
    }
  }

  private static Optional<Variant> find(List<Variant> variants, Lang lang, boolean tracing, String engine) {
    return variants.stream().filter(v -> v.lang == lang && v.tracing == tracing && v.engine.label.equals(engine))
        .findFirst();
  }

  /** The median over rounds of a's measure divided by b's in the same round. */
  private static double ratio(Variant a, Variant b, ToDoubleFunction<Phase> measure) {
    return perRound(a, b, measure, (x, y) -> x / y);
  }

  /** The median over rounds of a's measure less b's in the same round. */
  private static double difference(Variant a, Variant b, ToDoubleFunction<Phase> measure) {
    return perRound(a, b, measure, (x, y) -> x - y);
  }

  private static double perRound(Variant a, Variant b, ToDoubleFunction<Phase> measure,
      DoubleBinaryOperator combine) {
    double[] values = new double[Math.min(a.rounds.size(), b.rounds.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = combine.applyAsDouble(measure.applyAsDouble(a.rounds.get(i)), measure.applyAsDouble(b.rounds.get(i)));
    }
    return median(values);
  }

  static double median(List<Phase> phases, ToDoubleFunction<Phase> measure) {
    return median(phases.stream().mapToDouble(measure).toArray());
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
