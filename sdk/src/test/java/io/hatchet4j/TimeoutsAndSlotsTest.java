package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Schedule timeouts, {@code ctx.refreshTimeout} and {@code ctx.releaseSlot} on virtual time: the
 * engine's timers fire only when the test moves its clock, so each boundary is checked to the
 * millisecond.
 */
@Timeout(60)
class TimeoutsAndSlotsTest extends EngineTest {
  record Num(int value) {}

  /** A task that opens {@code running} and returns its input once {@code release} opens. */
  private static Task.Builder<Num, Num> blocking(String name, CountDownLatch running, CountDownLatch release) {
    return Task.builder(name, Num.class, Num.class).setHandler((n, ctx) -> {
      running.countDown();
      release.await();
      return n;
    });
  }

  private String status(RunRef<?> ref) {
    return fixture.engine.run(fixture.engine.tenantId(), ref.runId()).orElseThrow().status();
  }

  @Test
  void aTaskNoWorkerTakesFailsWhenItsScheduleTimeoutEnds() throws Exception {
    CountDownLatch blocking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Workflow<Num, Num> blocker = Workflow.standalone(
        blocking("blocker", blocking, release).setExecutionTimeout(Duration.ofHours(1)).build());
    Workflow<Num, Num> impatient = Workflow.standalone(
        Task.builder("impatient", Num.class, Num.class)
            .setScheduleTimeout(Duration.ofSeconds(30))
            .setHandler((n, ctx) -> n)
            .build());
    started(hatchet, worker("one-slot", 1), blocker, impatient);
    hatchet.runNoWait(blocker, new Num(1));
    assertThat(blocking.await(20, TimeUnit.SECONDS)).isTrue();

    Instant queuedAt = fixture.clock.now();
    RunRef<Num> queued = hatchet.runNoWait(impatient, new Num(2));
    fixture.awaitTimer(queuedAt.plusSeconds(30));
    fixture.clock.advance(Duration.ofSeconds(30).minusMillis(1));
    assertThat(status(queued)).isEqualTo("QUEUED");
    fixture.clock.advance(Duration.ofMillis(1));

    assertThatThrownBy(() -> queued.await(Duration.ofSeconds(20)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("schedule timeout");
    release.countDown();
  }

  @Test
  void refreshTimeoutMovesTheExecutionDeadlineLaterByTheIncrement() throws Exception {
    CountDownLatch refreshed = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Workflow<Num, Num> slow = Workflow.standalone(
        Task.builder("slow", Num.class, Num.class)
            .setExecutionTimeout(Duration.ofSeconds(60))
            .setHandler((n, ctx) -> {
              ctx.refreshTimeout(Duration.ofMinutes(3));
              refreshed.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
              }
              return n;
            })
            .build());
    started(hatchet, worker("w", 2), slow);
    // Engine time stands still until the test moves it: the task starts at this instant.
    Instant start = fixture.clock.now();
    RunRef<Num> ref = hatchet.runNoWait(slow, new Num(1));
    assertThat(refreshed.await(20, TimeUnit.SECONDS)).isTrue();
    fixture.awaitTimer(start.plusSeconds(60));

    // As upstream, the increment is added to the deadline: 60 s + 3 min after the start.
    Instant deadline = start.plusSeconds(60).plus(Duration.ofMinutes(3));
    fixture.clock.advance(Duration.ofSeconds(61));
    assertThat(status(ref)).as("past the first deadline of 60 s").isEqualTo("RUNNING");
    fixture.awaitTimer(deadline);
    fixture.clock.advanceTo(deadline.minusMillis(1));
    assertThat(status(ref)).isEqualTo("RUNNING");
    fixture.clock.advanceTo(deadline);

    assertThatThrownBy(() -> ref.await(Duration.ofSeconds(20)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("execution timeout");
    EngineFixture.await("the interrupt", Duration.ofSeconds(10), interrupted::get);
  }

  @Test
  void aReleasedSlotLetsTheWorkerTakeAnotherTaskWhileTheFirstRuns() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Workflow<Num, Num> holder = Workflow.standalone(
        Task.builder("holder", Num.class, Num.class)
            .setHandler((n, ctx) -> {
              ctx.releaseSlot();
              ctx.releaseSlot(); // a second release changes nothing
              released.countDown();
              finish.await();
              return n;
            })
            .build());
    Workflow<Num, Num> quick = Workflow.standalone(
        Task.builder("quick", Num.class, Num.class).setHandler((n, ctx) -> new Num(n.value() + 1)).build());
    started(hatchet, worker("one-slot", 1), holder, quick);
    RunRef<Num> holding = hatchet.runNoWait(holder, new Num(1));
    assertThat(released.await(20, TimeUnit.SECONDS)).isTrue();

    // With one slot, this runs only because the holder gave its slot back.
    assertThat(hatchet.run(quick, new Num(1))).isEqualTo(new Num(2));
    assertThat(status(holding)).isEqualTo("RUNNING");
    finish.countDown();
    assertThat(holding.await(Duration.ofSeconds(20))).isEqualTo(new Num(1));
  }

  @Test
  void aTaskWithASlotCostOfTwoTakesTwoSlots() throws Exception {
    CountDownLatch heavyRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Workflow<Num, Num> heavy = Workflow.standalone(blocking("heavy", heavyRunning, release).setSlotCost(2).build());
    Workflow<Num, Num> light = Workflow.standalone(
        Task.builder("light", Num.class, Num.class).setHandler((n, ctx) -> n).build());
    assertThat(heavy.tasks().get(0).slotCost()).isEqualTo(2);
    started(hatchet, worker("three-slots", 3), heavy, light);
    RunRef<Num> first = hatchet.runNoWait(heavy, new Num(1));
    assertThat(heavyRunning.await(20, TimeUnit.SECONDS)).isTrue();

    RunRef<Num> second = hatchet.runNoWait(heavy, new Num(2));
    // The light task fits in the one slot left and runs; the engine looked at the queued heavy one
    // in the same pass, and two slots were not free for it.
    assertThat(hatchet.run(light, new Num(3))).isEqualTo(new Num(3));
    assertThat(status(second)).isEqualTo("QUEUED");

    release.countDown();
    assertThat(first.await(Duration.ofSeconds(20))).isEqualTo(new Num(1));
    assertThat(second.await(Duration.ofSeconds(20))).isEqualTo(new Num(2));
    assertThatThrownBy(() -> Task.builder("free", Num.class, Num.class).setSlotCost(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
