package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.benchmarks.Options;
import io.hatchet4j.engine.internal.model.ConcurrencySetting;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine core's assignment throughput, without gRPC: queued tasks assigned to a worker and
 * completed, on the scheduler alone, with 10,000 tasks over 1,000 concurrency keys (GROUP_ROUND_ROBIN,
 * one at a time per key) next to 10,000 plain tasks, against rounds of plain tasks alone. Not a
 * test; prints a table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hatchet4j.engine.internal.runs.AssignmentBench \
 *     [--tasks 10000] [--keys 1000] [--rounds 9] [--slots 200]
 * </pre>
 *
 * <p>It lives in the scheduler's package, in this module, because the parts it drives are package
 * private: the point is to time them without the network around them, where the cost of the
 * concurrency gate would be lost in noise. It uses only what the scheduler had before concurrency
 * was enforced, so the same class runs against an older engine for a baseline. Plain and mixed
 * rounds alternate, so drift in the machine's load hits both alike; times are the thread's CPU time
 * and the table shows the median.
 */
public final class AssignmentBench {
  private static final String TENANT = "bench";
  private static final int BULK = 1000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final EngineSettings SETTINGS =
      new EngineSettings(Duration.ofSeconds(30), Duration.ofMinutes(60), Duration.ofMinutes(60), Duration.ofDays(1));

  private AssignmentBench() {}

  /** Effects for a scheduler driven by one thread: every change counts as committed at once, no timers fire. */
  private static final class DirectEffects implements Effects {
    private long nowMs = 1_000_000;
    boolean assignmentRequested;

    @Override
    public long nowMs() {
      return nowMs++;
    }

    @Override
    public void afterCommit(Runnable action) {
      action.run();
    }

    @Override
    public void schedule(Duration delay, Runnable command) {
      // Timeouts lie far beyond a round.
    }

    @Override
    public void requestAssignment() {
      assignmentRequested = true;
    }
  }

  public static void main(String[] args) {
    int tasks = Options.intOption(args, "--tasks", 10_000);
    int keys = Options.intOption(args, "--keys", 1_000);
    int rounds = Options.intOption(args, "--rounds", 9);
    int slots = Options.intOption(args, "--slots", 200);
    // Warm-up: the JIT.
    for (int i = 0; i < 3; i++) {
      round(tasks / 2, tasks / 2, keys, slots);
    }
    double[] plainOnly = new double[rounds];
    double[] mixedPlain = new double[rounds];
    double[] mixedLimited = new double[rounds];
    double[] mixedAll = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      plainOnly[r] = round(tasks, 0, keys, slots)[0];
      double[] mixed = round(tasks, tasks, keys, slots);
      mixedPlain[r] = mixed[0];
      mixedLimited[r] = mixed[1];
      mixedAll[r] = mixed[2];
    }
    System.out.printf(Locale.ROOT, "%nengine core assignment throughput, tasks per CPU second, median of %d rounds (one worker x %d slots)%n%n",
        rounds, slots);
    System.out.printf(Locale.ROOT, "%-40s %10s %10s %10s%n", "queued", "plain", "limited", "all");
    System.out.printf(Locale.ROOT, "%-40s %10.0f %10s %10.0f%n", tasks + " plain", median(plainOnly), "-",
        median(plainOnly));
    System.out.printf(Locale.ROOT, "%-40s %10.0f %10.0f %10.0f%n", tasks + " plain + " + tasks + " over " + keys + " keys",
        median(mixedPlain), median(mixedLimited), median(mixedAll));
  }

  /**
   * Queues the runs with no worker, then lets one worker take and complete tasks until none is
   * left. Returns tasks per CPU second: plain, limited (each until its last task started) and all.
   */
  private static double[] round(int plain, int limited, int keys, int slots) {
    DirectEffects effects = new DirectEffects();
    Scheduler scheduler = new Scheduler(EngineStore.inMemory(), effects, SETTINGS);
    scheduler.putWorkflow(TENANT, workflow("plain", List.of()));
    scheduler.putWorkflow(TENANT, workflow("limited",
        List.of(new ConcurrencySetting("input.key", 1, "GROUP_ROUND_ROBIN"))));
    List<TriggerSpec> batch = new ArrayList<>();
    for (int i = 0; i < Math.max(plain, limited); i++) {
      if (i < plain) {
        batch.add(TriggerSpec.of("plain", "{\"n\":" + i + "}"));
      }
      if (i < limited) {
        batch.add(TriggerSpec.of("limited", "{\"key\":\"key-" + (i % keys) + "\"}"));
      }
      if (batch.size() >= BULK) {
        scheduler.trigger(TENANT, batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      scheduler.trigger(TENANT, batch);
    }
    pass(scheduler, effects);
    List<WorkerAction> started = new ArrayList<>();
    long start = cpuNanos();
    String workerId = scheduler.registerWorker(TENANT,
        new WorkerSpec("bench", List.of("plain:t", "limited:t"), Map.of("default", slots), null, Map.of())).id();
    scheduler.openListener(TENANT, workerId, started::add);
    long plainDone = start;
    long limitedDone = start;
    int plainSeen = 0;
    int limitedSeen = 0;
    while (plainSeen < plain || limitedSeen < limited) {
      pass(scheduler, effects);
      if (started.isEmpty()) {
        throw new IllegalStateException("nothing assignable with " + (plain - plainSeen) + " plain and "
            + (limited - limitedSeen) + " limited tasks left");
      }
      List<WorkerAction> batchStarted = new ArrayList<>(started);
      started.clear();
      for (WorkerAction action : batchStarted) {
        if (action.actionId().startsWith("plain")) {
          plainSeen++;
          plainDone = cpuNanos();
        } else {
          limitedSeen++;
          limitedDone = cpuNanos();
        }
        scheduler.stepEvent(TENANT,
            new StepEvent(action.taskRunId(), workerId, StepEvent.Type.COMPLETED, "{}", action.retryCount(), false));
      }
    }
    long end = Math.max(plainDone, limitedDone);
    return new double[] {plain / seconds(plainDone - start), limited == 0 ? 0 : limited / seconds(limitedDone - start),
        (plain + limited) / seconds(end - start)};
  }

  /** What the scheduler's loop does after a batch of commands: the assignment pass it asked for. */
  private static void pass(Scheduler scheduler, DirectEffects effects) {
    while (effects.assignmentRequested) {
      effects.assignmentRequested = false;
      scheduler.assignQueued();
    }
  }

  private static WorkflowSpec workflow(String name, List<ConcurrencySetting> taskLevel) {
    TaskSpec task = new TaskSpec("t", name + ":t", List.of(), 0, null, null, null, null, false, Map.of(), taskLevel);
    return new WorkflowSpec(name, "", "", List.of(), List.of(), null, List.of(task), null, null, null, List.of(),
        List.of());
  }

  /**
   * The CPU time of this thread: the bench runs on one thread, and on a machine shared with other
   * work its CPU time is steadier than the wall clock.
   */
  private static long cpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static double seconds(long nanos) {
    return Math.max(1, nanos) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
