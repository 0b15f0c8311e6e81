package io.hatchet4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.BulkRun;
import io.hatchet4j.Hatchet;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.ConcurrencyExpression;
import io.hatchet4j.workflow.ConcurrencyLimitStrategy;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Assignment throughput with concurrency limits: how fast queued tasks reach a worker when 10,000
 * of them are spread over 1,000 concurrency keys (GROUP_ROUND_ROBIN, one run per key at a time)
 * next to 10,000 plain tasks, against rounds of plain tasks alone. Not a test; prints a table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hatchet4j.benchmarks.ConcurrencyBench \
 *     [--tasks 10000] [--keys 1000] [--rounds 3] [--slots 200]
 * </pre>
 *
 * <p>Each round queues its runs while the worker is paused, then resumes it and times the span
 * from the resume until its handlers have seen every task (no-op handlers, so the figure is
 * the engine's assignment plus the loopback round trip of each task). Plain and mixed rounds
 * alternate, so drift in the machine's load hits both alike.
 */
public final class ConcurrencyBench {
  private static final int BULK = 1000;

  record Ping(int n) {}

  record Keyed(String key) {}

  private static volatile CountDownLatch plainLeft = new CountDownLatch(0);
  private static volatile CountDownLatch limitedLeft = new CountDownLatch(0);
  private static volatile long plainDoneAt;
  private static volatile long limitedDoneAt;

  static final Workflow<Ping, Ping> PLAIN = Workflow.standalone(Task.builder("bench-plain", Ping.class, Ping.class)
      .setHandler((ping, ctx) -> {
        countDown(plainLeft, true);
        return ping;
      })
      .build());

  static final Workflow<Keyed, Keyed> LIMITED = Workflow.standalone(Task.builder("bench-limited", Keyed.class, Keyed.class)
      .addConcurrency(ConcurrencyExpression.of("input.key", 1, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN))
      .setHandler((keyed, ctx) -> {
        countDown(limitedLeft, false);
        return keyed;
      })
      .build());

  private ConcurrencyBench() {}

  public static void main(String[] args) throws Exception {
    int tasks = Options.intOption(args, "--tasks", 10_000);
    int keys = Options.intOption(args, "--keys", 1_000);
    int rounds = Options.intOption(args, "--rounds", 3);
    int slots = Options.intOption(args, "--slots", 200);
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
        Hatchet client = client(engine)) {
      Hatchet workerClient = client(engine);
      Worker worker = workerClient.newWorker(WorkerOptions.builder().setName("bench").setSlots(slots).build());
      worker.register(PLAIN).register(LIMITED).start();
      Pause pause = new Pause(engine);
      // Warm-up: warms the JIT, the connections and the queues.
      round(pause, client, tasks / 5, tasks / 5, keys);
      List<String> rows = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        Result plain = round(pause, client, tasks, 0, keys);
        rows.add(String.format(Locale.ROOT, "%5d  %-34s %10.0f %12s %12.0f", r, tasks + " plain", plain.plainPerSecond(),
            "-", plain.allPerSecond()));
        Result mixed = round(pause, client, tasks, tasks, keys);
        rows.add(String.format(Locale.ROOT, "%5d  %-34s %10.0f %12.0f %12.0f", r,
            tasks + " plain + " + tasks + " over " + keys + " keys", mixed.plainPerSecond(), mixed.limitedPerSecond(),
            mixed.allPerSecond()));
      }
      System.out.printf(Locale.ROOT, "%nassignment throughput, tasks/s (one worker x %d slots, loopback gRPC, no-op tasks)%n%n",
          slots);
      System.out.printf(Locale.ROOT, "%5s  %-34s %10s %12s %12s%n", "round", "queued", "plain", "limited", "all");
      rows.forEach(System.out::println);
      worker.close();
      workerClient.close();
    }
  }

  /** Each kind's tasks per second, counted from the worker's start until that kind's last task. */
  record Result(int plain, int limited, long startedAt, long plainDoneAt, long limitedDoneAt) {
    double plainPerSecond() {
      return plain / ((plainDoneAt - startedAt) / 1e9);
    }

    double limitedPerSecond() {
      return limited / ((limitedDoneAt - startedAt) / 1e9);
    }

    double allPerSecond() {
      return (plain + limited) / ((Math.max(plainDoneAt, limitedDoneAt) - startedAt) / 1e9);
    }
  }

  private static Result round(Pause pause, Hatchet client, int plain, int limited, int keys) throws Exception {
    pause.set(true);
    plainLeft = new CountDownLatch(plain);
    limitedLeft = new CountDownLatch(limited);
    // Queued interleaved, in bulk triggers, before any worker serves them.
    List<BulkRun<Ping>> plainRuns = new ArrayList<>();
    List<BulkRun<Keyed>> limitedRuns = new ArrayList<>();
    for (int i = 0; i < Math.max(plain, limited); i++) {
      if (i < plain) {
        plainRuns.add(BulkRun.of(new Ping(i)));
      }
      if (i < limited) {
        limitedRuns.add(BulkRun.of(new Keyed("key-" + (i % keys))));
      }
      if (plainRuns.size() == BULK || limitedRuns.size() == BULK || i == Math.max(plain, limited) - 1) {
        trigger(client, plainRuns, limitedRuns);
      }
    }
    long start = System.nanoTime();
    plainDoneAt = start;
    limitedDoneAt = start;
    pause.set(false);
    if (!plainLeft.await(10, TimeUnit.MINUTES) || !limitedLeft.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("round did not finish: " + plainLeft.getCount() + " plain and "
          + limitedLeft.getCount() + " limited tasks left");
    }
    return new Result(plain, limited, start, plainDoneAt, limitedDoneAt);
  }

  /** Pauses and resumes the bench worker over the REST API, as the official SDKs do, so runs queue up. */
  private static final class Pause {
    private final HttpClient http = HttpClient.newHttpClient();
    private final HatchetEngine engine;
    private final String workerId;

    Pause(HatchetEngine engine) throws Exception {
      this.engine = engine;
      JsonNode workers = new ObjectMapper().readTree(send("GET", "/api/v1/tenants/" + engine.tenantId() + "/worker", null));
      this.workerId = workers.path("rows").get(0).path("metadata").path("id").asText();
    }

    void set(boolean paused) throws Exception {
      send("PATCH", "/api/v1/workers/" + workerId, "{\"isPaused\":" + paused + "}");
    }

    private String send(String method, String path, String body) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(engine.httpUrl().resolve(path))
          .header("Authorization", "Bearer " + engine.token()).header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
      }
      return response.body();
    }
  }

  private static void trigger(Hatchet client, List<BulkRun<Ping>> plainRuns, List<BulkRun<Keyed>> limitedRuns) {
    if (!plainRuns.isEmpty()) {
      client.runManyNoWait(PLAIN, plainRuns);
      plainRuns.clear();
    }
    if (!limitedRuns.isEmpty()) {
      client.runManyNoWait(LIMITED, limitedRuns);
      limitedRuns.clear();
    }
  }

  /** Notes the time, then counts the task: the time is written before the waiting thread can read it. */
  private static void countDown(CountDownLatch left, boolean plain) {
    long now = System.nanoTime();
    if (plain) {
      plainDoneAt = now;
    } else {
      limitedDoneAt = now;
    }
    left.countDown();
  }


  private static Hatchet client(HatchetEngine engine) {
    return Hatchet.builder().setEnvironment(Map.of()).setToken(engine.token()).setHostPort(engine.grpcTarget())
        .setTlsStrategy(TlsStrategy.NONE).build();
  }
}
