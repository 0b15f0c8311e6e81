package io.hatchet4j;

import static io.hatchet4j.EngineFixture.await;
import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static io.hatchet4j.RestartFixtures.client;
import static io.hatchet4j.RestartFixtures.persistentOnFixedPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients ride out an engine restart: under a steady load of triggers, bulk triggers, keyed
 * triggers, event pushes and keyed child spawns from several threads, the engine goes down and comes
 * back on the same port, and no call fails and no keyed run is created twice.
 */
class RetryAcrossRestartTest {
  record Job(int n) {}

  record Done(int n) {}

  record Spawn(int children) {}

  private static final Workflow<Job, Done> LEAF =
      Workflow.standalone(
          Task.builder("retry-leaf", Job.class, Done.class).setHandler((job, ctx) -> new Done(job.n())).build());

  /** Each permit lets one load thread (or the spawning task) send one more call: the load's pace. */
  private static final Semaphore PACE = new Semaphore(0);

  private static final AtomicBoolean STOP = new AtomicBoolean();
  private static final AtomicInteger SPAWNED = new AtomicInteger();
  /** {@code parent task run id/child key} of every spawn that returned. */
  private static final Set<String> SPAWNED_KEYS = ConcurrentHashMap.newKeySet();
  private static final Queue<Throwable> SPAWN_FAILURES = new ConcurrentLinkedQueue<>();

  /** Spawns keyed children one after another until told to stop. */
  private static final Workflow<Spawn, Done> FANOUT =
      Workflow.standalone(
          Task.builder("retry-fanout", Spawn.class, Done.class)
              .setExecutionTimeout(Duration.ofMinutes(2))
              .setHandler(
                  (spawn, ctx) -> {
                    int key = 0;
                    while (!STOP.get()) {
                      if (!PACE.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                      }
                      String childKey = "child-" + key;
                      try {
                        ctx.runChildNoWait(
                            LEAF,
                            new Job(key),
                            TriggerOptions.builder().setKey(childKey).putAdditionalMetadata("childKey", childKey).build());
                        SPAWNED_KEYS.add(ctx.taskRunId() + "/" + childKey);
                        SPAWNED.incrementAndGet();
                        key++;
                      } catch (RuntimeException e) {
                        SPAWN_FAILURES.add(e);
                        throw e;
                      }
                    }
                    return new Done(key);
                  })
              .build());

  /** How long the load threads wait on the engine before it comes back. */
  private static final Duration OUTAGE = Duration.ofSeconds(5);

  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    STOP.set(true);
    pacer.shutdownNow();
  }

  @Test
  void triggersRideOutAnEngineRestartAndKeyedRunsAreCreatedOnce(@TempDir Path dir) throws Exception {
    STOP.set(false);
    SPAWNED.set(0);
    SPAWNED_KEYS.clear();
    SPAWN_FAILURES.clear();
    EngineOptions options = persistentOnFixedPorts(dir);
    HatchetEngine first = HatchetEngine.start(options);
    String token = first.token();
    String tenantId = first.tenantId();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Set<String> runIds = ConcurrentHashMap.newKeySet();
    Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
    // Per load thread: since when (System.nanoTime) its current call has been waiting, 0 when none.
    Map<String, AtomicLong> inCallSince = new ConcurrentHashMap<>();
    AtomicLong longestCallNanos = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    HatchetEngine second = null;
    try (Hatchet workerClient = client(first, token);
        Hatchet caller = client(first, token)) {
      started(workerClient, worker("restart-survivor", 20), LEAF, FANOUT);
      // About 200 calls a second in all, shared by the threads below.
      // Permits do not pile up while the calls wait for the engine, so no burst follows the restart.
      pacer.scheduleAtFixedRate(() -> {
        if (PACE.availablePermits() < 10) {
          PACE.release();
        }
      }, 0, 5, TimeUnit.MILLISECONDS);

      AtomicInteger keys = new AtomicInteger();
      Map<String, Function<Integer, List<String>>> loads = Map.of(
          "trigger", n -> List.of(caller.runNoWait(LEAF, new Job(n)).runId()),
          "keyed trigger", n -> {
            String key = "top-" + keys.getAndIncrement();
            TriggerOptions keyed = TriggerOptions.builder().setKey(key).putAdditionalMetadata("topKey", key).build();
            return List.of(caller.runNoWait(LEAF, new Job(n), keyed).runId());
          },
          "bulk trigger", n -> caller.runManyNoWait(LEAF, List.of(BulkRun.of(new Job(n)), BulkRun.of(new Job(n + 1))))
              .stream().map(RunRef::runId).collect(Collectors.toList()),
          "push", n -> {
            caller.push("retry-restart:event", Map.of("n", n));
            return List.of();
          });
      loads.forEach((name, load) -> {
        AtomicInteger count = successes.computeIfAbsent(name, ignored -> new AtomicInteger());
        AtomicLong since = inCallSince.computeIfAbsent(name, ignored -> new AtomicLong());
        Thread thread = new Thread(() -> {
          int n = 0;
          while (!STOP.get()) {
            try {
              if (!PACE.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
              }
              long started = System.nanoTime();
              since.set(started);
              runIds.addAll(load.apply(n++));
              since.set(0);
              longestCallNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
              count.incrementAndGet();
            } catch (InterruptedException e) {
              return;
            } catch (RuntimeException e) {
              failures.add(new AssertionError(name + " failed", e));
            }
          }
        }, "load-" + name);
        thread.start();
        threads.add(thread);
      });
      RunRef<Done> fanout = caller.runNoWait(FANOUT, new Spawn(0));

      awaitProgress("load before the restart", successes, 5);
      await("children spawned before the restart", Duration.ofSeconds(30), () -> SPAWNED.get() >= 5);

      first.close();
      // The engine stays down until every load thread has been retrying one call for a while, long
      // enough for the channel's own reconnect backoff to grow (the symptom without retries was
      // seconds of UNAVAILABLE after the engine was back).
      await("every load thread retrying for " + OUTAGE, Duration.ofSeconds(60), () -> !failures.isEmpty()
          || inCallSince.values().stream().allMatch(t -> t.get() != 0 && System.nanoTime() - t.get() >= OUTAGE.toNanos()));
      Map<String, Integer> atRestart = snapshot(successes);
      int spawnedAtRestart = SPAWNED.get();
      long down = System.nanoTime();
      second = HatchetEngine.start(options);
      long up = System.nanoTime();

      // Every kind of call goes on succeeding once the engine is back; none failed meanwhile.
      for (var entry : atRestart.entrySet()) {
        AtomicInteger count = successes.get(entry.getKey());
        await(entry.getKey() + " after the restart", Duration.ofSeconds(60), () -> count.get() >= entry.getValue() + 5);
      }
      long resumed = System.nanoTime();
      await("children spawned after the restart", Duration.ofSeconds(60), () -> SPAWNED.get() >= spawnedAtRestart + 5);
      long spawning = System.nanoTime();
      STOP.set(true);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      }
      System.out.printf("restart: engine started in %d ms; load resumed %d ms later, spawns %d ms later;"
              + " longest call %d ms; %s calls, %d spawns%n",
          TimeUnit.NANOSECONDS.toMillis(up - down), TimeUnit.NANOSECONDS.toMillis(resumed - up),
          TimeUnit.NANOSECONDS.toMillis(spawning - up), TimeUnit.NANOSECONDS.toMillis(longestCallNanos.get()),
          snapshot(successes), SPAWNED.get());
      assertThat(failures).as("calls that failed across the restart").isEmpty();
      assertThat(Duration.ofNanos(longestCallNanos.get())).as("the longest call, which waited out the restart")
          .isGreaterThanOrEqualTo(OUTAGE);
      assertThat(SPAWN_FAILURES).as("child spawns that failed across the restart").isEmpty();
      // The engine may start the spawning task again after the restart; its spawns then return the
      // children the first execution created, as the keys say.
      fanout.await(Duration.ofSeconds(60));

      List<RunInfo> runs = second.runs(tenantId);
      Set<String> known = runs.stream().map(RunInfo::id).collect(Collectors.toSet());
      assertThat(known).as("every run a trigger returned exists").containsAll(runIds);
      assertThat(duplicates(runs, run -> (String) run.additionalMetadata().get("topKey")))
          .as("top-level keys with more than one run")
          .isEmpty();
      assertThat(duplicates(runs, run -> run.parentTaskRunId().isEmpty() || run.additionalMetadata().get("childKey") == null
              ? null
              : run.parentTaskRunId().get() + "/" + run.additionalMetadata().get("childKey")))
          .as("child keys with more than one run")
          .isEmpty();
      assertThat(runs.stream()
              .filter(run -> run.additionalMetadata().get("childKey") != null)
              .map(run -> run.parentTaskRunId().get() + "/" + run.additionalMetadata().get("childKey"))
              .collect(Collectors.toSet()))
          .as("one child per parent task and key")
          .isEqualTo(SPAWNED_KEYS);
    } finally {
      STOP.set(true);
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  private static void awaitProgress(String what, Map<String, AtomicInteger> successes, int calls) throws InterruptedException {
    for (var entry : successes.entrySet()) {
      await(what + ": " + entry.getKey(), Duration.ofSeconds(30), () -> entry.getValue().get() >= calls);
    }
  }

  private static Map<String, Integer> snapshot(Map<String, AtomicInteger> successes) {
    return successes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
  }

  private static Map<String, Long> duplicates(List<RunInfo> runs, Function<RunInfo, String> key) {
    return runs.stream()
        .map(key)
        .filter(k -> k != null)
        .collect(Collectors.groupingBy(k -> k, Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
