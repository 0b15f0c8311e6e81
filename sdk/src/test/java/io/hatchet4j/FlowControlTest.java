package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Rate limits, worker labels and sticky children end to end: Java workers on the embedded engine,
 * whose clock moves only when the test says.
 */
class FlowControlTest extends EngineTest {
  record In(String value) {}

  record Out(String worker) {}

  /** The same definition served by two workers, each answering with its own name. */
  private static Workflow<In, Out> served(String worker, Task.Builder<In, Out> task) {
    return Workflow.standalone(task.setHandler((in, ctx) -> new Out(worker)).build());
  }

  private static WorkerOptions.Builder named(String name) {
    return WorkerOptions.builder().setName(name).setSlots(10).setShutdownTimeout(Duration.ofSeconds(5));
  }

  /** Upstream's rate_limit example: 2 per second declared with put, three runs; the third waits a window. */
  @Test
  void aStaticLimitLetsTwoRunsThroughAndTheThirdAfterTheWindow() throws Exception {
    List<String> startedRuns = new CopyOnWriteArrayList<>();
    Workflow<In, Out> limited = Workflow.standalone(Task.builder("rate-limited", In.class, Out.class)
        .addRateLimit(RateLimit.staticKey("test-limit").setUnits(1).build())
        .setHandler((in, ctx) -> {
          startedRuns.add(ctx.workflowRunId());
          return new Out(ctx.workerId());
        }).build());
    hatchet.rateLimits().put("test-limit", 2, RateLimitDuration.SECOND);
    started(hatchet, named("limited").build(), limited);
    java.time.Instant windowStart = fixture.clock.now();

    List<RunRef<Out>> refs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refs.add(hatchet.runNoWait(limited, new In("x")));
    }
    refs.get(0).await();
    refs.get(1).await();
    // The third was refused: the engine set a timer for the refill (1 s less upstream's 10 ms).
    fixture.awaitTimer(windowStart.plusMillis(990));
    assertThat(startedRuns).hasSize(2);
    assertThat(hatchet.rateLimits().list()).singleElement().satisfies(limit -> {
      assertThat(limit.key()).isEqualTo("test-limit");
      assertThat(limit.limit()).isEqualTo(2);
      assertThat(limit.remaining()).isZero();
      assertThat(limit.window()).isEqualTo("1 second");
    });

    fixture.clock.advance(Duration.ofMillis(990));
    refs.get(2).await();
    assertThat(startedRuns).hasSize(3);
  }

  @Test
  void aRequiredLabelSendsEveryRunToTheWorkerWithIt() {
    Task.Builder<In, Out> task = Task.builder("needs-fancy", In.class, Out.class)
        .addDesiredWorkerLabel("model", DesiredWorkerLabel.of("fancy").asRequired());
    started(hatchet, named("a").putLabel("model", "old").putLabel("memory", 512).build(), served("a", task));
    started(hatchet, named("b").putLabel("model", "fancy").build(), served("b", task));
    Workflow<In, Out> needsFancy = served("client", task);

    for (int i = 0; i < 4; i++) {
      assertThat(hatchet.run(needsFancy, new In("x")).worker()).isEqualTo("b");
    }
  }

  /** Upstream's affinity example: a task upserts its worker's labels, and a run that waited for them goes there. */
  @Test
  void labelsUpsertedByATaskLetAWaitingRunOntoItsWorker() {
    Task.Builder<In, Out> upgrade = Task.builder("upgrade", In.class, Out.class);
    Workflow<In, Out> upgradeOnA = Workflow.standalone(upgrade.setHandler((in, ctx) -> {
      ctx.worker().upsertLabels(Map.of("gpu", "h100", "memory", 1024));
      return new Out("a");
    }).build());
    Task.Builder<In, Out> work = Task.builder("work", In.class, Out.class);
    started(hatchet, named("a").putLabel("model", "old").build(), upgradeOnA, served("a", work));
    started(hatchet, named("b").putLabel("model", "new").build(), upgradeOnA, served("b", work));
    Workflow<In, Out> workflow = served("client", work);

    RunRef<Out> waiting = hatchet.runNoWait(workflow, new In("x"), TriggerOptions.builder()
        .putDesiredWorkerLabel("gpu", DesiredWorkerLabel.of("h100").asRequired())
        .putDesiredWorkerLabel("memory", DesiredWorkerLabel.of(512).asRequired()
            .withComparator(DesiredWorkerLabel.Comparator.GREATER_THAN))
        .build());
    hatchet.run(upgradeOnA, new In("x"), TriggerOptions.builder()
        .putDesiredWorkerLabel("model", DesiredWorkerLabel.of("old").asRequired()).build());

    assertThat(waiting.await().worker()).isEqualTo("a");
  }

  /**
   * Upstream's sticky_workers example: a child spawned with sticky=True runs on its parent's worker,
   * although the other worker is less loaded (the parent holds a slot).
   */
  @Test
  void aStickyChildRunsOnTheWorkerOfTheTaskThatSpawnedIt() {
    for (String name : List.of("a", "b")) {
      Workflow<In, Out> child = Workflow.builder("StickyChildWorkflow", In.class).setSticky(StickyStrategy.HARD)
          .buildStandalone(Task.builder("child", In.class, Out.class).setHandler((in, ctx) -> new Out(name)).build());
      Workflow<In, Out> parent = Workflow.standalone(Task.builder("sticky-parent", In.class, Out.class)
          .setHandler((in, ctx) -> {
            Out fromChild = ctx.runChild(child, in, TriggerOptions.builder().setSticky(true).build());
            return new Out(name + "/" + fromChild.worker());
          }).build());
      started(hatchet, named(name).build(), parent, child);
    }
    Workflow<In, Out> parent = Workflow.reference("sticky-parent", In.class, Out.class);

    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      pairs.add(hatchet.run(parent, new In("x")).worker());
    }

    assertThat(pairs).allSatisfy(pair -> assertThat(pair).isIn("a/a", "b/b"));
  }
}
