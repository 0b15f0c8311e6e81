package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.internal.TestAccess;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.WaitResult;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Child workflows, cancellation and durable waits, end to end through the embedded engine. */
class ChildrenCancellationDurableTest extends EngineTest {
  record Num(int value) {}

  record Sum(int total, int children) {}

  record Seen(String parentTaskRunId, Integer index, String key, String metadata) {}

  private static final Workflow<Num, Num> DOUBLE =
      Workflow.standalone(Task.builder("double", Num.class, Num.class).setHandler((n, ctx) -> new Num(n.value() * 2)).build());

  @Test
  void parentSpawnsTenChildrenAndAggregatesTheirOutputs() {
    Workflow<Num, Sum> parent =
        Workflow.standalone(
            Task.builder("fan-out", Num.class, Sum.class)
                .setHandler(
                    (n, ctx) -> {
                      List<BulkRun<Num>> runs = new ArrayList<>();
                      for (int i = 1; i <= n.value(); i++) {
                        runs.add(BulkRun.of(new Num(i)));
                      }
                      int total = 0;
                      for (RunRef<Num> child : ctx.runChildrenNoWait(DOUBLE, runs)) {
                        total += child.await(Duration.ofSeconds(30)).value();
                      }
                      return new Sum(total, runs.size());
                    })
                .build());
    started(hatchet, worker("w", 20), parent, DOUBLE);

    assertThat(hatchet.run(parent, new Num(10))).isEqualTo(new Sum(110, 10));
  }

  @Test
  void childCarriesItsParentAndTheSameKeyTwiceGivesOneChild() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    Workflow<Num, Seen> child =
        Workflow.standalone(
            Task.builder("child", Num.class, Seen.class)
                .setHandler((n, ctx) -> { Seen s = describe(ctx); seen.add(s); return s; })
                .build());
    AtomicReference<String> parentTaskRunId = new AtomicReference<>();
    Workflow<Num, Num> parent =
        Workflow.standalone(
            Task.builder("keyed-parent", Num.class, Num.class)
                .setHandler(
                    (n, ctx) -> {
                      parentTaskRunId.set(ctx.taskRunId());
                      TriggerOptions keyed = TriggerOptions.builder().setKey("only-once").build();
                      String first = ctx.runChildNoWait(child, new Num(1), keyed).runId();
                      String second = ctx.runChildNoWait(child, new Num(2), keyed).runId();
                      // hatchet.run on the task's thread spawns a child too.
                      hatchet.run(child, new Num(3));
                      return new Num(first.equals(second) ? 1 : 2);
                    })
                .build());
    started(hatchet, worker("w", 10), parent, child);

    Num distinct = hatchet.run(parent, new Num(0), TriggerOptions.builder().putAdditionalMetadata("tenant-tag", "t1").build());

    assertThat(distinct.value()).as("the same key returned the same child").isEqualTo(1);
    EngineFixture.await("children", Duration.ofSeconds(10), () -> seen.size() >= 2);
    assertThat(seen).hasSize(2);
    assertThat(seen).allSatisfy(s -> {
      assertThat(s.parentTaskRunId()).isEqualTo(parentTaskRunId.get());
      assertThat(s.metadata()).contains("tenant-tag=t1");
    });
    assertThat(seen).extracting(Seen::key).containsExactlyInAnyOrder("only-once", null);
    assertThat(seen).extracting(Seen::index).containsExactlyInAnyOrder(0, 2);
  }

  private static Seen describe(TaskContext ctx) {
    var action = TestAccess.action(ctx);
    return new Seen(
        action.parentWorkflowRunId(), action.childWorkflowIndex(), action.childWorkflowKey(), ctx.additionalMetadata().toString());
  }

  @Test
  void spawningAfterTheTaskFinishedIsAClearError() throws Exception {
    AtomicReference<TaskContext> leaked = new AtomicReference<>();
    Workflow<Num, Num> leaky =
        Workflow.standalone(Task.builder("leaky", Num.class, Num.class).setHandler((n, ctx) -> { leaked.set(ctx); return n; }).build());
    started(hatchet, worker("w", 2), leaky, DOUBLE);
    hatchet.run(leaky, new Num(1));

    assertThatThrownBy(() -> leaked.get().runChild(DOUBLE, new Num(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has finished");
  }

  @Test
  void cancellingARunningTaskEndsItCancelledWithinASecondAndTheTaskSawIt() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch callbackRan = new CountDownLatch(1);
    AtomicReference<Boolean> flagSeen = new AtomicReference<>();
    AtomicInteger reportedOutcomes = new AtomicInteger();
    Workflow<Num, Num> longRunning =
        Workflow.standalone(
            Task.builder("long-running", Num.class, Num.class)
                .setHandler(
                    (n, ctx) -> {
                      ctx.onCancel(callbackRan::countDown);
                      running.countDown();
                      try {
                        new CountDownLatch(1).await(); // until cancelled
                      } catch (InterruptedException e) {
                        flagSeen.set(ctx.isCancelled());
                        throw e;
                      }
                      reportedOutcomes.incrementAndGet();
                      return n;
                    })
                .build());
    started(hatchet, worker("w", 2), longRunning);
    RunRef<Num> ref = hatchet.runNoWait(longRunning, new Num(1));
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    assertThat(hatchet.cancel(ref.runId())).isNotEmpty();
    assertThatThrownBy(() -> ref.await(Duration.ofSeconds(5))).isInstanceOf(RunCancelledException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(callbackRan.await(5, TimeUnit.SECONDS)).isTrue();
    EngineFixture.await("the interrupt", Duration.ofSeconds(5), () -> flagSeen.get() != null);
    assertThat(flagSeen.get()).isTrue();
    assertThat(reportedOutcomes).hasValue(0);
  }

  record Payment(String orderId, int cents) {}

  record Outcome(String how, int cents) {}

  @Test
  void durableTaskWaitingForAnEventResumesWhenItIsPushed() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    Workflow<Payment, Outcome> awaitPayment =
        Workflow.standalone(
            Task.builder("await-payment", Payment.class, Outcome.class)
                .setDurableHandler(
                    (order, ctx) -> {
                      waiting.countDown();
                      WaitResult result =
                          ctx.waitFor(Condition.anyOf(
                              Condition.userEvent("payment:received", "input.orderId == '" + order.orderId() + "'"),
                              // Not 5 minutes: that is when the task's own schedule timeout is
                              // set for, and awaitTimer below must see the sleep's timer.
                              Condition.sleep(Duration.ofMinutes(7))));
                      return result.eventPayload("payment:received", Payment.class)
                          .map(p -> new Outcome("paid", p.cents()))
                          .orElse(new Outcome("timed out", 0));
                    })
                .build());
    started(hatchet, worker("w", 2), awaitPayment);
    Instant timesOut = fixture.clock.now().plus(Duration.ofMinutes(7));
    RunRef<Outcome> ref = hatchet.runNoWait(awaitPayment, new Payment("o-1", 0));
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
    // The wait has reached the engine once its sleep's timer is set; events before it would be missed.
    fixture.awaitTimer(timesOut);

    hatchet.push("payment:received", new Payment("other-order", 1));
    hatchet.push("payment:received", new Payment("o-1", 2599));

    assertThat(ref.await(Duration.ofSeconds(20))).isEqualTo(new Outcome("paid", 2599));
  }

  @Test
  void durableSleepSurvivesAWorkerRestartInTheMiddleOfIt() throws Exception {
    List<Integer> invocations = new CopyOnWriteArrayList<>();
    List<Instant> wokeAt = new CopyOnWriteArrayList<>();
    CountDownLatch sleeping = new CountDownLatch(1);
    Workflow<Num, Num> napper =
        Workflow.standalone(
            Task.builder("napper", Num.class, Num.class)
                .setDurableHandler(
                    (n, ctx) -> {
                      invocations.add(n.value());
                      sleeping.countDown();
                      WaitResult slept = ctx.sleepFor(Duration.ofSeconds(4));
                      assertThat(slept.satisfied()).contains("sleep:4s");
                      wokeAt.add(fixture.clock.now());
                      return new Num(n.value() + 1);
                    })
                .build());
    Worker first = started(hatchet, worker("first", 2), napper);
    Instant start = fixture.clock.now();
    RunRef<Num> ref = hatchet.runNoWait(napper, new Num(41));
    assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();
    fixture.awaitTimer(start.plusSeconds(4));
    fixture.clock.advance(Duration.ofSeconds(1));

    first.shutdown().get(10, TimeUnit.SECONDS);
    started(fixture.client(), worker("second", 2), napper);
    EngineFixture.await("the replay on the second worker", Duration.ofSeconds(10), () -> invocations.size() == 2);

    // The sleep resumed rather than restarted: it ends four seconds after it began, not after the replay.
    fixture.clock.advance(Duration.ofMillis(2999));
    assertThat(fixture.engine.run(fixture.engine.tenantId(), ref.runId()).orElseThrow().status()).isEqualTo("RUNNING");
    fixture.clock.advance(Duration.ofMillis(1));
    assertThat(ref.await(Duration.ofSeconds(30))).isEqualTo(new Num(42));
    assertThat(invocations).as("the task ran again on the second worker").hasSize(2);
    assertThat(wokeAt).containsExactly(start.plusSeconds(4));
  }
}
