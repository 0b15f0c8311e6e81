package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** runAsync and runNoWaitAsync return futures instead of blocking the caller. */
class AsyncRunTest extends EngineTest {
  record Order(String id) {}

  record Done(String id) {}

  @Test
  void runAsyncCompletesWithTheResultOrTheFailure() {
    CountDownLatch release = new CountDownLatch(1);
    Workflow<Order, Done> gated =
        Workflow.standalone(Task.builder("gated", Order.class, Done.class).setHandler((o, ctx) -> {
          release.await();
          if (o.id().equals("bad")) {
            throw new IllegalArgumentException("bad order");
          }
          return new Done(o.id());
        }).build());
    started(hatchet, EngineFixture.worker("async-runs", 4), gated);

    CompletableFuture<Done> good = hatchet.runAsync(gated, new Order("good"));
    CompletableFuture<Done> bad = hatchet.runAsync(gated, new Order("bad"));
    // Returned before the runs could finish: their handlers wait for the latch.
    assertThat(good).isNotDone();
    release.countDown();

    assertThat(good).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(new Done("good"));
    assertThat(bad).failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(RunFailedException.class)
        .withMessageContaining("bad order");
  }

  @Test
  void runNoWaitAsyncCompletesWithTheReferenceAndRefusalsFailTheFuture() {
    Workflow<Order, Done> echo =
        Workflow.standalone(Task.builder("echo", Order.class, Done.class).setHandler((o, ctx) -> new Done(o.id())).build());
    started(hatchet, EngineFixture.worker("async-refs", 2), echo);

    RunRef<Done> ref = hatchet.runNoWaitAsync(echo, new Order("r")).join();
    assertThat(ref.await(Duration.ofSeconds(20))).isEqualTo(new Done("r"));

    Workflow<Order, Done> unknown = Workflow.reference("nobody-registered-this", Order.class, Done.class);
    assertThat(hatchet.runNoWaitAsync(unknown, new Order("x"))).failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(EngineException.class);
  }
}
