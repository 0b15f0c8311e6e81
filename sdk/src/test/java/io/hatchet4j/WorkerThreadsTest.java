package io.hatchet4j;

import static io.hatchet4j.EngineFixture.await;
import static io.hatchet4j.EngineFixture.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** Where handlers run: the application's executor or thread factory, virtual threads, or no thread at all. */
class WorkerThreadsTest extends EngineTest {
  record Probe(String id) {}

  record Seen(String thread, boolean virtual) {}

  private static final Workflow<Probe, Seen> WHERE =
      Workflow.standalone(
          Task.builder("where", Probe.class, Seen.class)
              .setHandler((probe, ctx) -> new Seen(Thread.currentThread().getName(), isVirtual(Thread.currentThread())))
              .build());

  private static WorkerOptions.Builder options(String name) {
    return WorkerOptions.builder().setName(name).setSlots(2).setShutdownTimeout(Duration.ofSeconds(5));
  }

  @Test
  void handlersRunOnTheApplicationsExecutorWhichTheWorkerLeavesRunning() {
    ExecutorService executor = Executors.newFixedThreadPool(2, named("app-executor"));
    try {
      Worker worker = started(hatchet, options("executor").setExecutor(executor).build(), WHERE);
      assertThat(hatchet.run(WHERE, new Probe("a")).thread()).startsWith("app-executor-");
      worker.close();
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void handlersRunOnThreadsOfTheGivenFactory() {
    started(hatchet, options("factory").setThreadFactory(named("made-here")).build(), WHERE);
    Seen seen = hatchet.run(WHERE, new Probe("b"));
    assertThat(seen.thread()).startsWith("made-here-");
    assertThat(seen.virtual()).isFalse();
  }

  @Test
  @EnabledForJreRange(max = JRE.JAVA_20)
  void beforeJava21HandlersRunOnPlatformThreadsAndVirtualOnesAreRefused() {
    assertThat(options("platform").build().virtualThreads()).isFalse();
    assertThatThrownBy(() -> options("virtual").setVirtualThreads(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Java 21");
    started(hatchet, options("platform").build(), WHERE);
    assertThat(hatchet.run(WHERE, new Probe("c")).thread()).startsWith("hatchet-task-platform-");
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void fromJava21HandlersRunOnVirtualThreadsByDefault() {
    assertThat(options("virtual").build().virtualThreads()).isTrue();
    started(hatchet, options("virtual").build(), WHERE);
    Seen seen = hatchet.run(WHERE, new Probe("d"));
    assertThat(seen.virtual()).isTrue();
    assertThat(seen.thread()).startsWith("hatchet-task-virtual-");
  }

  @Test
  void anAsyncHandlerCompletesWhenItsStageDoes() throws Exception {
    Map<String, CompletableFuture<Seen>> pending = new ConcurrentHashMap<>();
    Workflow<Probe, Seen> later =
        Workflow.standalone(
            Task.builder("later", Probe.class, Seen.class)
                .setAsyncHandler((probe, ctx) -> pending.computeIfAbsent(probe.id(), id -> new CompletableFuture<>()))
                .build());
    Worker worker = started(hatchet, options("async").build(), later);

    RunRef<Seen> done = hatchet.runNoWait(later, new Probe("done"));
    RunRef<Seen> broken = hatchet.runNoWait(later, new Probe("broken"));
    await("both handlers returned", Duration.ofSeconds(10), () -> pending.size() == 2);
    // The handlers have returned, yet their runs hold their slots until the stages complete.
    assertThat(worker.stats().slotsInUse()).isEqualTo(2);
    assertThat(done.result()).isNotDone();

    pending.get("done").complete(new Seen("stage", false));
    pending.get("broken").completeExceptionally(new IllegalStateException("the stage broke"));
    assertThat(done.await(Duration.ofSeconds(10))).isEqualTo(new Seen("stage", false));
    assertThatThrownBy(() -> broken.await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("IllegalStateException: the stage broke");
    await("the slots released", Duration.ofSeconds(10), () -> worker.stats().slotsInUse() == 0);
    assertThat(worker.stats().tasksCompleted()).isEqualTo(1);
    assertThat(worker.stats().tasksFailed()).isEqualTo(1);
  }

  @Test
  void cancellingARunCancelsItsPendingStage() throws Exception {
    CompletableFuture<Seen> stage = new CompletableFuture<>();
    Workflow<Probe, Seen> forever =
        Workflow.standalone(Task.builder("forever", Probe.class, Seen.class).setAsyncHandler((probe, ctx) -> stage).build());
    Worker worker = started(hatchet, options("cancel").build(), forever);
    RunRef<Seen> run = hatchet.runNoWait(forever, new Probe("x"));
    await("the handler returned", Duration.ofSeconds(10), () -> worker.stats().slotsInUse() == 1);

    hatchet.cancel(run.runId());

    await("the stage cancelled", Duration.ofSeconds(10), stage::isCancelled);
    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10))).isInstanceOf(RunCancelledException.class);
    await("the cancellation counted", Duration.ofSeconds(10), () -> worker.stats().tasksCancelled() == 1);
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static boolean isVirtual(Thread thread) {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      return false; // Java 17
    }
  }
}
