package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.worker.Worker;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memos, memoized time, sleeping until an instant and durable children, each across a replay: the
 * first worker stops while the task waits, and a second worker runs the task again from its start.
 */
@Timeout(90)
class DurableExtrasTest extends EngineTest {
  record Num(int value) {}

  record Wake(Instant at) {}

  /** Stops the first worker (the task is handed back) and starts a second one with the same workflows. */
  private void replayOnAnotherWorker(Worker first, Workflow<?, ?>... workflows) throws Exception {
    first.shutdown().get(20, TimeUnit.SECONDS);
    started(fixture.client(), worker("second", 4), workflows);
  }

  @Test
  void aMemoizedValueComesBackOnReplayWithoutRunningAgain() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch sleeping = new CountDownLatch(1);
    Workflow<Num, Num> memoizing = Workflow.standalone(
        Task.builder("memoizing", Num.class, Num.class)
            .setDurableHandler((n, ctx) -> {
              int value = ctx.memo("expensive", Integer.class, () -> n.value() * 100 + computed.incrementAndGet());
              seen.add(value);
              sleeping.countDown();
              ctx.sleepFor(Duration.ofSeconds(30));
              return new Num(value);
            })
            .build());
    Worker first = started(hatchet, worker("first", 2), memoizing);
    Instant start = fixture.clock.now();
    RunRef<Num> ref = hatchet.runNoWait(memoizing, new Num(4));
    assertThat(sleeping.await(20, TimeUnit.SECONDS)).isTrue();
    fixture.awaitTimer(start.plusSeconds(30));

    replayOnAnotherWorker(first, memoizing);
    EngineFixture.await("the replay", Duration.ofSeconds(20), () -> seen.size() == 2);
    fixture.clock.advance(Duration.ofSeconds(30));

    assertThat(ref.await(Duration.ofSeconds(30))).isEqualTo(new Num(401));
    assertThat(computed).as("computed on the first run only").hasValue(1);
    assertThat(seen).containsExactly(401, 401);
  }

  @Test
  void nowIsMemoizedAndSleepUntilKeepsItsDeadlineAcrossAReplay() throws Exception {
    List<Instant> nows = new CopyOnWriteArrayList<>();
    CountDownLatch sleeping = new CountDownLatch(1);
    Workflow<Wake, Num> alarm = Workflow.standalone(
        Task.builder("alarm", Wake.class, Num.class)
            .setExecutionTimeout(Duration.ofHours(2)) // the engine's execution timeout runs while it sleeps
            .setDurableHandler((wake, ctx) -> {
              nows.add(ctx.now());
              // A time already past returns at once, without a wait.
              assertThat(ctx.sleepUntil(Instant.EPOCH).satisfied()).isEmpty();
              sleeping.countDown();
              ctx.sleepUntil(wake.at());
              return new Num(nows.size());
            })
            .build());
    Worker first = started(hatchet, worker("first", 2), alarm);
    Instant engineStart = fixture.clock.now();
    RunRef<Num> ref = hatchet.runNoWait(alarm, new Wake(Instant.now().plus(Duration.ofHours(1))));
    assertThat(sleeping.await(20, TimeUnit.SECONDS)).isTrue();
    // The worker's clock sets the length of the sleep, rounded up to whole seconds: about an hour.
    EngineFixture.await("the hour-long sleep's timer", Duration.ofSeconds(10), () -> fixture.clock.pendingTimers().stream()
        .anyMatch(t -> t.isAfter(engineStart.plus(Duration.ofMinutes(59))) && t.isBefore(engineStart.plus(Duration.ofMinutes(61)))));
    Instant deadline = fixture.clock.pendingTimers().stream()
        .filter(t -> t.isAfter(engineStart.plus(Duration.ofMinutes(59)))).findFirst().orElseThrow();

    replayOnAnotherWorker(first, alarm);
    EngineFixture.await("the replay", Duration.ofSeconds(20), () -> nows.size() == 2);
    assertThat(nows.get(1)).as("the memoized time").isEqualTo(nows.get(0));

    fixture.clock.advanceTo(deadline.minusMillis(1));
    assertThat(fixture.engine.run(fixture.engine.tenantId(), ref.runId()).orElseThrow().status()).isEqualTo("RUNNING");
    fixture.clock.advanceTo(deadline);
    assertThat(ref.await(Duration.ofSeconds(30))).isEqualTo(new Num(2));
  }

  @Test
  void aDurableChildIsSpawnedOnceAcrossAReplayAndItsResultReturned() throws Exception {
    AtomicInteger childRuns = new AtomicInteger();
    CountDownLatch childRunning = new CountDownLatch(1);
    CountDownLatch releaseChild = new CountDownLatch(1);
    Workflow<Num, Num> child = Workflow.standalone(
        Task.builder("durable-child", Num.class, Num.class)
            .setHandler((n, ctx) -> {
              childRuns.incrementAndGet();
              childRunning.countDown();
              releaseChild.await();
              return new Num(n.value() * 2);
            })
            .build());
    List<String> parentInvocations = new CopyOnWriteArrayList<>();
    Workflow<Num, Num> parent = Workflow.standalone(
        Task.builder("durable-parent", Num.class, Num.class)
            .setDurableHandler((n, ctx) -> {
              parentInvocations.add(ctx.workerId());
              return new Num(ctx.runChild(child, n).value() + 1);
            })
            .build());
    // The child runs on a worker of its own, which stays up while the parent moves.
    started(hatchet, worker("children", 2), child);
    Worker first = started(hatchet, worker("first", 2), parent);
    RunRef<Num> ref = hatchet.runNoWait(parent, new Num(20));
    assertThat(childRunning.await(20, TimeUnit.SECONDS)).isTrue();

    replayOnAnotherWorker(first, parent);
    EngineFixture.await("the replay", Duration.ofSeconds(20), () -> parentInvocations.size() == 2);
    releaseChild.countDown();

    assertThat(ref.await(Duration.ofSeconds(30))).isEqualTo(new Num(41));
    assertThat(childRuns).as("the replay found its child instead of spawning another").hasValue(1);
    assertThat(parentInvocations).doesNotHaveDuplicates();
  }

  @Test
  void aFailedDurableChildFailsTheSpawnWithItsError() {
    Workflow<Num, Num> failing = Workflow.standalone(
        Task.builder("failing-child", Num.class, Num.class)
            .setHandler((n, ctx) -> {
              throw new NonRetryableException("no such account " + n.value());
            })
            .build());
    Workflow<Num, Num> parent = Workflow.standalone(
        Task.builder("catching-parent", Num.class, Num.class)
            .setDurableHandler((n, ctx) -> {
              try {
                ctx.runChild(failing, n);
                return new Num(0);
              } catch (RunFailedException e) {
                return new Num(e.getMessage().contains("no such account 7") ? 1 : -1);
              }
            })
            .build());
    started(hatchet, worker("w", 4), failing, parent);

    assertThat(hatchet.run(parent, new Num(7))).isEqualTo(new Num(1));
  }

  @Test
  void aTaskWaitingLongerThanItsEvictionTtlLeavesItsWorkerAndReplaysWhenTheWaitEnds() throws Exception {
    List<Integer> invocations = new CopyOnWriteArrayList<>();
    CountDownLatch evicted = new CountDownLatch(1);
    Workflow<Num, Num> evictable = Workflow.standalone(
        Task.builder("evictable", Num.class, Num.class)
            .setExecutionTimeout(Duration.ofHours(2))
            .setEvictionTtl(Duration.ofMillis(200))
            .setDurableHandler((n, ctx) -> {
              invocations.add(n.value());
              try {
                ctx.sleepFor(Duration.ofHours(1));
              } catch (InterruptedException e) {
                evicted.countDown(); // the worker stopped the attempt when it evicted it
                throw e;
              }
              return new Num(invocations.size());
            })
            .build());
    started(hatchet, worker("w", 2), evictable);
    Instant start = fixture.clock.now();
    RunRef<Num> ref = hatchet.runNoWait(evictable, new Num(1));
    fixture.awaitTimer(start.plus(Duration.ofHours(1)));
    assertThat(evicted.await(20, TimeUnit.SECONDS)).as("evicted after its TTL on the worker's clock").isTrue();
    assertThat(invocations).hasSize(1);

    // The engine runs it again once the sleep ends, and the replay finds the sleep done.
    fixture.clock.advance(Duration.ofHours(1));
    assertThat(ref.await(Duration.ofSeconds(30))).isEqualTo(new Num(2));
    assertThat(invocations).hasSize(2);
    assertThatThrownBy(() -> Task.builder("x", Num.class, Num.class).setEvictionTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
