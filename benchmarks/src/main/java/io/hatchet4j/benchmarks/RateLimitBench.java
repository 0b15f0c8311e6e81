package io.hatchet4j.benchmarks;

import io.hatchet4j.engine.internal.model.RateLimitSetting;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.runs.EngineSettings;
import io.hatchet4j.engine.internal.runs.EngineTime;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.StepEvent;
import io.hatchet4j.engine.internal.runs.TriggerSpec;
import io.hatchet4j.engine.internal.runs.WorkerAction;
import io.hatchet4j.engine.internal.runs.WorkerSpec;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures assignment throughput of the engine core with rate limits: tasks queued first, then a
 * worker that completes each task the moment it gets it, so the time is the engine's (queue,
 * gates, worker choice, state machine, in-memory store). Not a test; prints a table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hatchet4j.benchmarks.RateLimitBench \
 *     [--tasks 10000] [--keys 100] [--slots 100] [--rounds 5] [plain]
 * </pre>
 *
 * <p>Rows: plain tasks alone; rate-limited tasks alone ({@code --keys} keys, each with room for
 * all, so every check passes and is counted); both kinds queued together in one run, each kind's
 * tasks per second measured until its last task completes; and both kinds again with one unit per
 * key per hour, so all but one task per key stay queued and are passed over on every pass. {@code plain} runs only the
 * first row, whose code path uses only the engine API that existed before rate limits: compiled
 * against an engine without them, it gives the baseline the plain row is compared with.
 */
public final class RateLimitBench {
  private static final String TENANT_NAME = "bench";

  private RateLimitBench() {}

  public static void main(String[] args) throws Exception {
    int tasks = option(args, "--tasks", 10_000);
    int keys = option(args, "--keys", 100);
    int slots = option(args, "--slots", 100);
    int rounds = option(args, "--rounds", 5);
    boolean plainOnly = args.length > 0 && List.of(args).contains("plain");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.out.printf("%d tasks per kind, %d rate-limit keys, %d slots, best of %d rounds after a warm-up%n",
        tasks, keys, slots, rounds);
    System.out.println("| run | plain tasks/s | rate-limited tasks/s |");
    System.out.println("|---|---|---|");
    run(tasks, keys, slots, 1, plainOnly); // warm-up
    double[] plain = new double[4];
    double[] limited = new double[4];
    for (int r = 0; r < rounds; r++) {
      double[][] results = run(tasks, keys, slots, 0, plainOnly);
      for (int row = 0; row < 4; row++) {
        plain[row] = Math.max(plain[row], results[row][0]);
        limited[row] = Math.max(limited[row], results[row][1]);
      }
    }
    String[] names = {"plain alone", "rate-limited alone", "both in one run",
        "both, limits spent (one unit per key per hour: the rest wait in the queue)"};
    for (int row = 0; row < (plainOnly ? 1 : 4); row++) {
      System.out.printf("| %s | %s | %s |%n", names[row], plain[row] == 0 ? "-" : String.format("%,.0f", plain[row]),
          limited[row] == 0 ? "-" : String.format("%,.0f", limited[row]));
    }
  }

  /** Tasks per second of each kind in each of the three runs. */
  private static double[][] run(int tasks, int keys, int slots, int warmups, boolean plainOnly) throws Exception {
    double[][] results = new double[4][2];
    results[0] = once(tasks, 0, keys, slots, Integer.MAX_VALUE);
    if (!plainOnly) {
      results[1] = once(0, tasks, keys, slots, Integer.MAX_VALUE);
      results[2] = once(tasks, tasks, keys, slots, Integer.MAX_VALUE);
      results[3] = once(tasks, tasks, keys, slots, 1);
    }
    return results;
  }

  /**
   * One fresh engine: queues the tasks, then lets one worker take them; returns tasks/s per kind,
   * the rate-limited kind counted over the tasks its limits let through.
   */
  private static double[] once(int plain, int limited, int keys, int slots, int limitPerKey) throws Exception {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (Orchestrator engine = Orchestrator.start(EngineStore.inMemory(),
        new EngineSettings(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(1)),
        time(timers))) {
      String tenant = engine.createTenant(TENANT_NAME).join().id();
      engine.putWorkflow(tenant, workflow("plain", List.of())).join();
      if (limited > 0) {
        for (int k = 0; k < keys; k++) {
          engine.putRateLimit(tenant, "key-" + k, limitPerKey, "HOUR").join();
        }
        // As the official SDKs send a dynamic key whose limit is declared by PutRateLimit.
        engine.putWorkflow(tenant, workflow("limited",
            List.of(new RateLimitSetting("input.k", 1, "input.k", null, "-1", "MINUTE")))).join();
      }
      enqueue(engine, tenant, "plain", plain, i -> "{}");
      enqueue(engine, tenant, "limited", limited, i -> "{\"k\":\"key-" + (i % keys) + "\"}");
      String workerId = engine.registerWorker(tenant, new WorkerSpec("bench",
          limited > 0 ? List.of("plain:t", "limited:t") : List.of("plain:t"), Map.of("default", slots), null,
          Map.of())).join().id();
      CountDownLatch plainDone = new CountDownLatch(plain);
      int limitedThrough = (int) Math.min(limited, (long) keys * limitPerKey);
      CountDownLatch limitedDone = new CountDownLatch(limitedThrough);
      AtomicLong plainEnd = new AtomicLong();
      AtomicLong limitedEnd = new AtomicLong();
      long start = System.nanoTime();
      engine.openListener(tenant, workerId, action -> {
        complete(engine, tenant, workerId, action).thenRun(() -> {
          boolean isPlain = action.actionId().startsWith("plain");
          CountDownLatch done = isPlain ? plainDone : limitedDone;
          // Completions arrive on the engine's one thread; the end is set before the waiter wakes.
          if (done.getCount() == 1) {
            (isPlain ? plainEnd : limitedEnd).set(System.nanoTime());
          }
          done.countDown();
        });
        return true;
      }).join();
      if (!plainDone.await(10, TimeUnit.MINUTES) || !limitedDone.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("tasks did not complete");
      }
      return new double[] {rate(plain, start, plainEnd.get()), rate(limitedThrough, start, limitedEnd.get())};
    } finally {
      timers.shutdownNow();
    }
  }

  private static java.util.concurrent.CompletableFuture<Void> complete(Orchestrator engine, String tenant,
      String workerId, WorkerAction action) {
    return engine.stepEvent(tenant, new StepEvent(action.taskRunId(), workerId, StepEvent.Type.COMPLETED, "{}",
        action.retryCount(), false));
  }

  private static void enqueue(Orchestrator engine, String tenant, String workflow, int count,
      java.util.function.IntFunction<String> input) {
    for (int start = 0; start < count; start += 1000) {
      List<TriggerSpec> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 1000); i++) {
        batch.add(TriggerSpec.of(workflow, input.apply(i)));
      }
      engine.trigger(tenant, batch).join();
    }
  }

  private static WorkflowSpec workflow(String name, List<RateLimitSetting> limits) {
    TaskSpec task = limits.isEmpty()
        ? new TaskSpec("t", name + ":t", List.of(), 0, null, null, null, null, false, Map.of(), List.of())
        : new TaskSpec("t", name + ":t", List.of(), 0, null, null, null, null, false, Map.of(), List.of(), limits,
            Map.of(), List.of());
    return new WorkflowSpec(name, "", "", List.of(), List.of(), null, List.of(task), null, null, null, List.of(),
        List.of());
  }

  private static double rate(int tasks, long startNanos, long endNanos) {
    return tasks == 0 ? 0 : tasks / ((endNanos - startNanos) / 1e9);
  }

  /** The system clock, with timers on one scheduler thread. */
  private static EngineTime time(ScheduledExecutorService timers) {
    return new EngineTime() {
      @Override
      public long nowMs() {
        return System.currentTimeMillis();
      }

      @Override
      public Timers open(Supplier<java.util.concurrent.CompletableFuture<Void>> settled) {
        return new Timers() {
          @Override
          public void schedule(Duration delay, Runnable action) {
            timers.schedule(action, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
