package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.worker.Worker;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The core task loop end to end: a real engine, real gRPC over loopback, real workers. */
class CoreLoopTest extends EngineTest {
  record Order(String id, int amount) {}

  record Validated(String id, boolean ok) {}

  record Charged(String id, int charged, boolean validated) {}

  record Counted(int attempt) {}

  @Test
  void standaloneTaskReturnsItsOutputWithMetadataAndContext() {
    List<Map<String, String>> seenMetadata = new CopyOnWriteArrayList<>();
    Workflow<Order, Validated> validate =
        Workflow.standalone(
            Task.builder("validate", Order.class, Validated.class)
                .setHandler(
                    (order, ctx) -> {
                      seenMetadata.add(ctx.additionalMetadata());
                      assertThat(ctx.workflowName()).isEqualTo("validate");
                      assertThat(ctx.taskName()).isEqualTo("validate");
                      assertThat(ctx.retryCount()).isZero();
                      return new Validated(order.id(), order.amount() > 0);
                    })
                .build());
    started(hatchet, worker("w", 4), validate);

    Validated result =
        hatchet.run(validate, new Order("o-1", 5), TriggerOptions.builder().putAdditionalMetadata("customer", "c-9").build());

    assertThat(result).isEqualTo(new Validated("o-1", true));
    assertThat(seenMetadata).singleElement().satisfies(m -> assertThat(m).containsEntry("customer", "c-9"));
  }

  /** Found by the interop suite: Python and TypeScript workers register under the namespaced name. */
  @Test
  void workerOfANamespacedClientRegistersUnderTheNamespacedName() throws Exception {
    Hatchet namespaced = Hatchet.builder().setEnvironment(Map.of()).setToken(fixture.engine.token())
        .setHostPort(fixture.engine.grpcTarget()).setTlsStrategy(TlsStrategy.NONE).setNamespace("team").build();
    Workflow<Order, Validated> validate =
        Workflow.standalone(Task.builder("validate", Order.class, Validated.class)
            .setHandler((order, ctx) -> new Validated(order.id(), true)).build());
    Worker worker = started(namespaced, worker("billing", 1), validate);

    assertThat(worker.name()).isEqualTo("billing");
    java.net.http.HttpResponse<String> workers = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(fixture.engine.httpUrl() + "/api/v1/tenants/"
            + fixture.engine.tenantId() + "/worker")).header("Authorization", "Bearer " + fixture.engine.token()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(workers.body()).contains("\"name\":\"team_billing\"");
    assertThat(namespaced.run(validate, new Order("o-1", 5)).ok()).isTrue();
    worker.close();
    namespaced.close();
  }

  @Test
  void dagChildTaskReadsItsParentsOutput() {
    Task<Order, Validated> validate =
        Task.builder("validate", Order.class, Validated.class)
            .setHandler((order, ctx) -> new Validated(order.id(), true))
            .build();
    Task<Order, Charged> charge =
        Task.builder("charge", Order.class, Charged.class)
            .addParent(validate)
            .setHandler(
                (order, ctx) -> {
                  Validated validated = ctx.parentOutput(validate);
                  return new Charged(validated.id(), order.amount() * 2, validated.ok());
                })
            .build();
    Workflow<Order, WorkflowResult> checkout = Workflow.builder("checkout", Order.class).addTask(charge).build();
    started(hatchet, worker("w", 4), checkout);

    WorkflowResult result = hatchet.run(checkout, new Order("o-2", 21));

    assertThat(result.output(validate)).isEqualTo(new Validated("o-2", true));
    assertThat(result.output(charge)).isEqualTo(new Charged("o-2", 42, true));
    assertThat(result.outputs()).containsOnlyKeys("validate", "charge");
  }

  @Test
  void taskThatFailsTwiceSucceedsOnItsThirdAttempt() {
    AtomicInteger attempts = new AtomicInteger();
    Workflow<Order, Counted> flaky =
        Workflow.standalone(
            Task.builder("flaky", Order.class, Counted.class)
                .setRetries(2)
                .setHandler(
                    (order, ctx) -> {
                      int attempt = attempts.incrementAndGet();
                      assertThat(ctx.retryCount()).isEqualTo(attempt - 1);
                      if (attempt < 3) {
                        throw new IllegalStateException("attempt " + attempt + " fails");
                      }
                      return new Counted(attempt);
                    })
                .build());
    started(hatchet, worker("w", 2), flaky);

    assertThat(hatchet.run(flaky, new Order("o-3", 1))).isEqualTo(new Counted(3));
    assertThat(attempts).hasValue(3);
  }

  @Test
  void failureAfterRetriesReachesTheClientAsATypedExceptionWithTheTasksMessage() {
    AtomicInteger attempts = new AtomicInteger();
    Workflow<Order, Counted> broken =
        Workflow.standalone(
            Task.builder("broken", Order.class, Counted.class)
                .setRetries(1)
                .setHandler(
                    (order, ctx) -> {
                      attempts.incrementAndGet();
                      throw new IllegalArgumentException("card declined for " + order.id());
                    })
                .build());
    started(hatchet, worker("w", 2), broken);

    assertThatThrownBy(() -> hatchet.run(broken, new Order("o-4", 1)))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            failure -> {
              assertThat(failure).isNotInstanceOf(RunCancelledException.class);
              assertThat(failure.taskError("broken"))
                  .startsWith("java.lang.IllegalArgumentException: card declined for o-4")
                  .contains("CoreLoopTest");
              assertThat(failure.getMessage()).contains("card declined for o-4");
            });
    assertThat(attempts).hasValue(2);
  }

  @Test
  void nonRetryableFailureSkipsTheRemainingRetries() {
    AtomicInteger attempts = new AtomicInteger();
    Workflow<Order, Counted> strict =
        Workflow.standalone(
            Task.builder("strict", Order.class, Counted.class)
                .setRetries(5)
                .setHandler(
                    (order, ctx) -> {
                      attempts.incrementAndGet();
                      throw new NonRetryableException("invalid order");
                    })
                .build());
    started(hatchet, worker("w", 2), strict);

    assertThatThrownBy(() -> hatchet.run(strict, new Order("o-5", 1)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("invalid order");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void taskExceedingItsTimeoutIsCancelledOnTheWorkerAndTheRunFails() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    List<Boolean> cancelledFlags = new CopyOnWriteArrayList<>();
    Workflow<Order, Counted> slow =
        Workflow.standalone(
            Task.builder("slow", Order.class, Counted.class)
                .setExecutionTimeout(Duration.ofSeconds(1))
                .setHandler(
                    (order, ctx) -> {
                      running.countDown();
                      try {
                        new CountDownLatch(1).await(); // until cancelled
                      } catch (InterruptedException e) {
                        cancelledFlags.add(ctx.isCancelled());
                        interrupted.countDown();
                        throw e;
                      }
                      return new Counted(1);
                    })
                .build());
    started(hatchet, worker("w", 2), slow);

    RunRef<Counted> ref = hatchet.runNoWait(slow, new Order("o-6", 1));
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    // The timeout runs from the assignment, and the engine's clock has not moved since.
    fixture.clock.advance(Duration.ofMillis(999));
    assertThat(fixture.engine.run(fixture.engine.tenantId(), ref.runId()).orElseThrow().status())
        .as("not timed out before its time").isEqualTo("RUNNING");
    fixture.clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> ref.await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("timeout");
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the handler's thread was interrupted").isTrue();
    assertThat(cancelledFlags).containsExactly(true);
  }

  @Test
  void invalidOutputFailsTheRunWithAClearMessage() {
    Workflow<Order, String> bad =
        Workflow.standalone(
            Task.builder("bad-output", Order.class, String.class).setHandler((order, ctx) -> "just a string").build());
    started(hatchet, worker("w", 2), bad);

    assertThatThrownBy(() -> hatchet.run(bad, new Order("o-7", 1)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("must serialize to a JSON object");
  }

  @Test
  void runNoWaitReturnsAReferenceWhoseResultCanBeAwaitedByManyCallers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Workflow<Order, Validated> gated =
        Workflow.standalone(
            Task.builder("gated", Order.class, Validated.class)
                .setHandler(
                    (order, ctx) -> {
                      release.await();
                      return new Validated(order.id(), true);
                    })
                .build());
    started(hatchet, worker("w", 2), gated);

    RunRef<Validated> ref = hatchet.runNoWait(gated, new Order("o-8", 1));
    assertThat(ref.runId()).matches("[0-9a-f-]{36}");
    assertThat(ref.result()).isNotDone();
    release.countDown();

    assertThat(ref.await(Duration.ofSeconds(20))).isEqualTo(new Validated("o-8", true));
    assertThat(ref.result().get(1, TimeUnit.SECONDS)).isEqualTo(new Validated("o-8", true));
    assertThat(hatchet.runRef(ref.runId(), gated).await(Duration.ofSeconds(5))).isEqualTo(new Validated("o-8", true));
  }

  @Test
  void bulkRunOfAThousandAcrossTwoWorkersRunsEachExactlyOnceWithinSlotLimits() {
    int runs = 1000;
    int slotsPerWorker = 3;
    Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> concurrentByWorker = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> peakByWorker = new ConcurrentHashMap<>();
    Workflow<Order, Validated> unit =
        Workflow.standalone(
            Task.builder("unit", Order.class, Validated.class)
                .setHandler(
                    (order, ctx) -> {
                      AtomicInteger concurrent = concurrentByWorker.computeIfAbsent(ctx.workerId(), k -> new AtomicInteger());
                      int now = concurrent.incrementAndGet();
                      peakByWorker.computeIfAbsent(ctx.workerId(), k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                      try {
                        executions.computeIfAbsent(order.id(), k -> new AtomicInteger()).incrementAndGet();
                        Thread.sleep(1);
                        return new Validated(order.id(), true);
                      } finally {
                        concurrent.decrementAndGet();
                      }
                    })
                .build());
    Worker first = started(hatchet, worker("first", slotsPerWorker), unit);
    Worker second = started(fixture.client(), worker("second", slotsPerWorker), unit);

    List<BulkRun<Order>> items = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      items.add(BulkRun.of(new Order("bulk-" + i, i)));
    }
    List<Validated> results = hatchet.runMany(unit, items);

    assertThat(results).hasSize(runs);
    for (int i = 0; i < runs; i++) {
      assertThat(results.get(i).id()).isEqualTo("bulk-" + i);
    }
    assertThat(executions).hasSize(runs);
    assertThat(executions.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    assertThat(peakByWorker).containsOnlyKeys(first.id().orElseThrow(), second.id().orElseThrow());
    assertThat(peakByWorker.values()).allSatisfy(peak -> assertThat(peak.get()).isBetween(1, slotsPerWorker));
  }

  @Test
  void invalidTokenIsRejected() {
    String forged = Tokens.jwt("{\"sub\":\"707d0855-80ab-4e1f-a156-f1c4546cbf52\",\"server_url\":\"x\",\"grpc_broadcast_address\":\"y:1\"}");
    Hatchet intruder = fixture.client(forged);
    Workflow<Order, Validated> any = Workflow.reference("anything", Order.class, Validated.class);

    assertThatThrownBy(() -> intruder.runNoWait(any, new Order("x", 1)))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("UNAUTHENTICATED"))
        .hasMessageContaining("HATCHET_CLIENT_TOKEN");
    Worker worker = intruder.newWorker(worker("intruder", 1));
    worker.register(Workflow.standalone(Task.builder("t", Order.class, Validated.class).setHandler((o, c) -> null).build()));
    assertThatThrownBy(worker::start).isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("UNAUTHENTICATED"));
  }

  @Test
  void unknownWorkflowIsAClearError() {
    Workflow<Order, Validated> missing = Workflow.reference("does-not-exist", Order.class, Validated.class);

    // The real engine's answer: INVALID_ARGUMENT "workflow names not found: <name>".
    assertThatThrownBy(() -> hatchet.run(missing, new Order("x", 1)))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("INVALID_ARGUMENT"))
        .hasMessageContaining("workflow names not found: does-not-exist");
  }

  @Test
  void tenantsDoNotSeeEachOthersRuns() {
    Workflow<Order, Validated> echo =
        Workflow.standalone(
            Task.builder("echo", Order.class, Validated.class).setHandler((o, c) -> new Validated(o.id(), true)).build());
    started(hatchet, worker("w", 2), echo);
    String runId = hatchet.runNoWait(echo, new Order("mine", 1)).runId();

    Hatchet other = fixture.client(fixture.engine.createTenant("other").token());
    assertThatThrownBy(() -> other.run(echo, new Order("theirs", 1)))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("INVALID_ARGUMENT"))
        .hasMessageContaining("workflow names not found: echo");
    assertThatThrownBy(() -> other.runRef(runId, echo).await(Duration.ofSeconds(3))).isInstanceOf(HatchetException.class);
  }

  @Test
  void gracefulShutdownLetsRunningTasksFinish() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    Workflow<Order, Validated> steady =
        Workflow.standalone(
            Task.builder("steady", Order.class, Validated.class)
                .setHandler(
                    (o, ctx) -> {
                      running.countDown();
                      // Held until the shutdown has begun; an interrupt here would fail the run.
                      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                      order.add("task finished");
                      return new Validated(o.id(), true);
                    })
                .build());
    Worker worker = started(hatchet, worker("w", 2), steady);
    RunRef<Validated> ref = hatchet.runNoWait(steady, new Order("graceful", 1));
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = worker.shutdown().thenRun(() -> order.add("worker stopped"));
    release.countDown();
    stopping.get(10, TimeUnit.SECONDS);

    assertThat(order).containsExactly("task finished", "worker stopped");
    assertThat(ref.await(Duration.ofSeconds(10))).isEqualTo(new Validated("graceful", true));
  }
}
