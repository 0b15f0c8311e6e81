package io.hatchet4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.BulkRun;
import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.worker.WorkerOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures how the embedded engine holds up as completed runs pile up: throughput, live heap and
 * RSS, database size, and the latency of a run-status call while two run-list pages poll, at
 * checkpoints up to {@code --runs}; then a restart, and a restart with a one-second retention
 * that deletes everything and gives the space back. Prints one table.
 */
final class ScaleBench {
  private ScaleBench() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BULK = 1000;

  static void main(String[] args) throws Exception {
    int total = Main.intOption(args, "--runs", 100_000);
    int window = Main.intOption(args, "--window", 2000);
    int slots = Main.intOption(args, "--slots", 200);
    TreeSet<Integer> checkpoints = new TreeSet<>();
    for (int c : new int[] {1000, total / 10, total / 2, total}) {
      if (c >= 1000 && c <= total) {
        checkpoints.add(c);
      }
    }
    Path dir = Files.createTempDirectory("hatchet4j-scale");
    Path db = dir.resolve("engine.db");
    System.out.printf(Locale.ROOT, "%nengine with --db-file, no-op runs through one worker (%d slots), loopback gRPC%n", slots);
    System.out.printf(Locale.ROOT, "each checkpoint: %d more runs timed with 100 in flight, while 2 run-list pages poll and one client asks run statuses%n%n", window);
    System.out.printf(Locale.ROOT, "%-22s %8s %8s %9s %8s %9s %9s %9s %9s %9s%n", "point", "runs", "runs/s", "heap MB",
        "RSS MB", "db MB", "traces MB", "B/run db", "st p50 ms", "st p99 ms");
    List<String> rows = new ArrayList<>();
    int done = 0;
    EngineOptions options = EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setDbFile(db).build();
    try (HatchetEngine engine = HatchetEngine.start(options);
        Hatchet client = client(engine);
        Hatchet workerClient = client(engine)) {
      workerClient.newWorker(WorkerOptions.builder().setName("scale").setSlots(slots).build()).register(Bench.NOOP).start();
      // Warm up.
      bulk(client, Math.min(2000, total));
      done += Math.min(2000, total);
      for (int checkpoint : checkpoints) {
        while (done + window < checkpoint) {
          int n = Math.min(BULK * 5, checkpoint - window - done);
          bulk(client, n);
          done += n;
        }
        Probe probe = Probe.start(engine);
        long t0 = System.nanoTime();
        inFlight(client, window, 100);
        double seconds = (System.nanoTime() - t0) / 1e9;
        done += window;
        long[] status = probe.stop();
        print(rows, String.format(Locale.ROOT, "%-22s %8d %8.0f %9.1f %8.1f %9.1f %9.1f %9.0f %9.2f %9.2f",
            "completed runs", done, window / seconds, liveHeapMb(), rssMb(), mb(db), mb(traces(db)),
            bytesPerRun(db, done), percentile(status, 0.50) / 1e6, percentile(status, 0.99) / 1e6));
      }
    }
    // A restart loads only what is unfinished.
    long t0 = System.nanoTime();
    try (HatchetEngine engine = HatchetEngine.start(options)) {
      double startMs = (System.nanoTime() - t0) / 1e6;
      Probe probe = Probe.start(engine);
      Thread.sleep(2000);
      long[] status = probe.stop();
      print(rows, String.format(Locale.ROOT, "%-22s %8d %8s %9.1f %8.1f %9.1f %9.1f %9.0f %9.2f %9.2f",
          "restart (" + Math.round(startMs) + " ms)", done, "-", liveHeapMb(), rssMb(), mb(db), mb(traces(db)),
          bytesPerRun(db, done), percentile(status, 0.50) / 1e6, percentile(status, 0.99) / 1e6));
    }
    // A restart with a short retention deletes every finished run and gives the space back.
    t0 = System.nanoTime();
    EngineOptions shortRetention = options.toBuilder().setRetention(Duration.ofSeconds(1)).build();
    try (HatchetEngine engine = HatchetEngine.start(shortRetention)) {
      Thread.sleep(1500);
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline && listTotal(engine) > 0) {
        Thread.sleep(250);
      }
      // The space is given back after the last deletion: wait until both files stop changing.
      long last = -1;
      long stableSince = System.nanoTime();
      while (System.nanoTime() < deadline && System.nanoTime() - stableSince < Duration.ofSeconds(5).toNanos()) {
        long size = Files.size(db) + (Files.exists(traces(db)) ? Files.size(traces(db)) : 0);
        if (size != last) {
          last = size;
          stableSince = System.nanoTime();
        }
        Thread.sleep(250);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      print(rows, String.format(Locale.ROOT, "%-22s %8d %8s %9.1f %8.1f %9.1f %9.1f %9s %9s %9s",
          "retention 1s (" + Math.round(seconds) + " s)", listTotal(engine), "-", liveHeapMb(), rssMb(), mb(db),
          mb(traces(db)), "-", "-", "-"));
    }
    System.out.println();
    System.out.println("heap: live heap after a full GC (engine, worker and client share the JVM); db MB: the engine's file,");
    System.out.println("traces MB: its span file; st: GET /api/v1/stable/workflow-runs/{id}/status on random completed runs");
    deleteTree(dir);
  }

  private static void print(List<String> rows, String row) {
    rows.add(row);
    System.out.println(row);
  }

  private static Hatchet client(HatchetEngine engine) {
    return Hatchet.builder().setEnvironment(Map.of()).setToken(engine.token()).setHostPort(engine.grpcTarget())
        .setTlsStrategy(TlsStrategy.NONE).build();
  }

  private static void bulk(Hatchet client, int n) {
    for (int from = 0; from < n; from += BULK) {
      List<BulkRun<Bench.Ping>> runs = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + BULK); i++) {
        runs.add(BulkRun.of(new Bench.Ping(i)));
      }
      List<RunRef<Bench.Pong>> refs = client.runManyNoWait(Bench.NOOP, runs);
      CompletableFuture.allOf(refs.stream().map(RunRef::result).toArray(CompletableFuture[]::new)).join();
    }
  }

  private static void inFlight(Hatchet client, int n, int inFlight) throws InterruptedException {
    java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(inFlight);
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<CompletableFuture<Bench.Pong>> all = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          permits.acquireUninterruptibly();
          all.add(client.runNoWait(Bench.NOOP, new Bench.Ping(i)).result().whenComplete((p, e) -> permits.release()));
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  /** Two pages polling the run list as the web page does, and a client timing run-status calls. */
  private static final class Probe {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Long> statusNanos = new CopyOnWriteArrayList<>();

    static Probe start(HatchetEngine engine) throws Exception {
      Probe probe = new Probe();
      HttpClient http = HttpClient.newHttpClient();
      List<String> ids = new ArrayList<>();
      for (JsonNode row : get(http, engine, "/api/v1/hatchet4j/runs?limit=500").get("rows")) {
        ids.add(row.get("id").asText());
      }
      for (int p = 0; p < 2; p++) {
        probe.spawn(() -> {
          // The page: load, then every 2 s ask whether anything changed and reload if so.
          String cursor = get(http, engine, "/api/v1/hatchet4j/runs?limit=50").get("cursor").asText();
          while (probe.running.get()) {
            Thread.sleep(2000);
            JsonNode changed = get(http, engine, "/api/v1/hatchet4j/runs?limit=1&changed_since=" + cursor);
            cursor = changed.get("cursor").asText();
            if (changed.get("rows").size() > 0) {
              cursor = get(http, engine, "/api/v1/hatchet4j/runs?limit=50").get("cursor").asText();
            }
          }
          return null;
        });
      }
      probe.spawn(() -> {
        while (probe.running.get()) {
          String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
          long t0 = System.nanoTime();
          get(http, engine, "/api/v1/stable/workflow-runs/" + id + "/status");
          probe.statusNanos.add(System.nanoTime() - t0);
          Thread.sleep(5);
        }
        return null;
      });
      return probe;
    }

    private void spawn(java.util.concurrent.Callable<Void> body) {
      Thread thread = new Thread(() -> {
        try {
          body.call();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }

    long[] stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(5000);
      }
      long[] sorted = statusNanos.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      return sorted;
    }
  }

  private static long listTotal(HatchetEngine engine) throws Exception {
    return get(HttpClient.newHttpClient(), engine, "/api/v1/hatchet4j/runs?limit=1").get("pagination").get("total").asLong();
  }

  private static JsonNode get(HttpClient http, HatchetEngine engine, String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(engine.httpUrl() + path))
        .header("Authorization", "Bearer " + engine.token()).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static double liveHeapMb() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
  }

  private static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3;
        }
      }
    } catch (Exception e) {
      // Not Linux.
    }
    return Double.NaN;
  }

  private static Path traces(Path db) {
    return db.resolveSibling(db.getFileName() + ".traces");
  }

  private static double mb(Path file) {
    try {
      return Files.size(file) / 1e6;
    } catch (Exception e) {
      return 0;
    }
  }

  private static double bytesPerRun(Path db, int runs) {
    try {
      return Files.size(db) * 1.0 / runs;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
