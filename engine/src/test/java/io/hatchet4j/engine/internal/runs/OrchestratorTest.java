package io.hatchet4j.engine.internal.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler loop survives what one command throws, and says when it cannot go on. */
class OrchestratorTest {
  private static final long WAIT_SECONDS = 10;

  /** Wall-clock time whose timers never fire: these tests arm none that matter. */
  private static final EngineTime UNTIMED = new EngineTime() {
    @Override
    public long nowMs() {
      return System.currentTimeMillis();
    }

    @Override
    public Timers open(Supplier<CompletableFuture<Void>> settled) {
      return new Timers() {
        @Override
        public void schedule(Duration delay, Runnable action) {}

        @Override
        public void close() {}
      };
    }
  };

  private final Orchestrator orchestrator = Orchestrator.start(EngineStore.inMemory(), Harness.SETTINGS, UNTIMED);

  @AfterEach
  void stop() {
    orchestrator.close();
  }

  @Test
  void aCommandThatThrowsAnErrorFailsWithInternalAndTheNextCommandRuns() throws Exception {
    CompletableFuture<Object> failed = orchestrator.call(() -> {
      throw new AssertionError("injected");
    });

    assertThat(kindOf(failed)).isEqualTo(EngineException.Kind.INTERNAL);
    assertThat(orchestrator.call(() -> 42).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(orchestrator.readiness(Duration.ofSeconds(WAIT_SECONDS)).ready()).isTrue();
  }

  @Test
  void aRealStackOverflowInACommandIsSurvived() throws Exception {
    CompletableFuture<Integer> failed = orchestrator.call(() -> recurse(0));

    assertThat(kindOf(failed)).isEqualTo(EngineException.Kind.INTERNAL);
    assertThat(orchestrator.createTenant("after").get(WAIT_SECONDS, TimeUnit.SECONDS).name()).isEqualTo("after");
  }

  @Test
  void aBugInACommandGoesBackToTheCallerAsIs() {
    CompletableFuture<Object> failed = orchestrator.call(() -> {
      throw new IllegalStateException("bug");
    });

    assertThatThrownBy(() -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void anOutOfMemoryErrorStopsTheLoopAndReadinessSaysSo() throws Exception {
    CompletableFuture<Object> failed = orchestrator.call(() -> {
      throw new OutOfMemoryError("injected");
    });

    assertThat(kindOf(failed)).isEqualTo(EngineException.Kind.INTERNAL);
    orchestrator.stopped().get(WAIT_SECONDS, TimeUnit.SECONDS);
    Readiness readiness = orchestrator.readiness(Duration.ofSeconds(1));
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.detail()).contains("OutOfMemoryError");
    assertThat(kindOf(orchestrator.call(() -> 1))).isEqualTo(EngineException.Kind.UNAVAILABLE);
  }

  @Test
  void readinessIsOkWhileTheLoopAnswers() {
    assertThat(orchestrator.readiness(Duration.ofSeconds(WAIT_SECONDS)))
        .isEqualTo(new Readiness(true, "ok"));
  }

  @Test
  void readinessSaysWhenTheLoopDoesNotAnswerInTime() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Object> blocked = orchestrator.call(() -> release.join());
    try {
      Readiness readiness = orchestrator.readiness(Duration.ofMillis(100));
      assertThat(readiness.ready()).isFalse();
      assertThat(readiness.detail()).isEqualTo("the scheduler loop did not answer within 100 ms");
    } finally {
      release.complete(null);
    }
    blocked.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(orchestrator.readiness(Duration.ofSeconds(WAIT_SECONDS)).ready()).isTrue();
  }

  @Test
  void afterAShutdownCallsFailWithUnavailableAndReadinessSaysWhy() throws Exception {
    orchestrator.shutdown(Duration.ofSeconds(WAIT_SECONDS));
    orchestrator.stopped().get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(kindOf(orchestrator.call(() -> 1))).isEqualTo(EngineException.Kind.UNAVAILABLE);
    assertThat(kindOf(orchestrator.ping())).isEqualTo(EngineException.Kind.UNAVAILABLE);
    assertThat(orchestrator.readiness(Duration.ofSeconds(1)))
        .isEqualTo(new Readiness(false, "the engine is shutting down"));
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private static EngineException.Kind kindOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(EngineException.class);
      return ((EngineException) e.getCause()).kind();
    }
    throw new AssertionError("expected the future to fail");
  }
}
