package io.hatchet4j.testing;

import static io.hatchet4j.testing.TestWorkflows.BLOCKING;
import static io.hatchet4j.testing.TestWorkflows.FAILING;
import static io.hatchet4j.testing.TestWorkflows.GREETING;
import static io.hatchet4j.testing.TestWorkflows.UPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunStatus;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.testing.TestWorkflows.Name;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HatchetTest
class RunsTest {
  private Runs runs;

  @BeforeEach
  void inject(Runs runs, HatchetTestEnvironment env) {
    this.runs = runs;
    assertThat(env.runs()).isSameAs(runs);
  }

  @Test
  void seesAStandaloneRunAndADagRunWithTheirTasks(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(UPPER, GREETING);
    String upper = hatchet.runNoWait(UPPER, new Name("ada")).runId();
    String greeting = hatchet.runNoWait(GREETING, new Name("lin")).runId();

    RunInfo upperRun = runs.await(upper, RunStatus.COMPLETED);
    RunInfo greetingRun = runs.await(greeting);

    assertThat(upperRun.workflowName()).isEqualTo("upper");
    assertThat(upperRun.task("upper").orElseThrow().output()).hasValueSatisfying(o -> assertThat(o).contains("ADA"));
    assertThat(greetingRun.status()).isEqualTo("COMPLETED");
    assertThat(greetingRun.tasks())
        .extracting(RunInfo.TaskInfo::name, RunInfo.TaskInfo::status)
        .containsExactly(tuple("first", "COMPLETED"), tuple("second", "COMPLETED"));
    assertThat(greetingRun.task("second").orElseThrow().output())
        .hasValueSatisfying(o -> assertThat(o).contains("Hello, LIN"));
    assertThat(runs.awaitAll(run -> run.status().equals("COMPLETED"), Duration.ofSeconds(5)))
        .extracting(RunInfo::id)
        .containsExactlyInAnyOrder(upper, greeting);
    assertThat(runs.list()).extracting(RunInfo::id).containsExactlyInAnyOrder(upper, greeting);
    assertThat(runs.get(upper)).hasValueSatisfying(run -> assertThat(run.status()).isEqualTo("COMPLETED"));
    assertThat(runs.get(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void awaitFailsAtOnceWhenTheRunFinishesOtherwise(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(FAILING);
    String runId = hatchet.runNoWait(FAILING, new Name("bob")).runId();

    long start = System.nanoTime();
    assertThatThrownBy(() -> runs.await(runId, Duration.ofSeconds(20), RunStatus.COMPLETED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("run " + runId + " finished FAILED, not COMPLETED")
        .hasMessageContaining("task refuse FAILED, 1 attempt: ")
        .hasMessageContaining("no names like bob");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(runs.await(runId, RunStatus.FAILED).task("refuse").orElseThrow().error())
        .hasValueSatisfying(error -> assertThat(error).contains("no names like bob"));
  }

  @Test
  void anUnmetWaitListsTheRunsItSaw(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(UPPER, BLOCKING);
    String done = hatchet.runNoWait(UPPER, new Name("ada")).runId();
    runs.await(done, RunStatus.COMPLETED);
    String blocked = hatchet.runNoWait(BLOCKING, new Name("lin")).runId();
    try {
      runs.await(blocked, RunStatus.RUNNING);

      assertThatThrownBy(() -> runs.await(blocked, Duration.ofMillis(200), RunStatus.COMPLETED))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("run " + blocked + " was not COMPLETED after 200ms; it was RUNNING:")
          .hasMessageContaining("\n  wait " + blocked + " RUNNING\n    task wait RUNNING, 1 attempt");
      assertThatThrownBy(() -> runs.awaitAll(run -> run.status().equals("COMPLETED"), Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("not every run matched after 200ms; runs seen (newest first):")
          .hasMessageContaining("\n  wait " + blocked + " RUNNING   <- does not match\n    task wait RUNNING")
          .hasMessageContaining("\n  upper " + done + " COMPLETED\n    task upper COMPLETED, 1 attempt");
      String unknown = UUID.randomUUID().toString();
      assertThatThrownBy(() -> runs.await(unknown, Duration.ofMillis(100)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("run " + unknown + " was not COMPLETED, FAILED or CANCELLED after 100ms: the tenant "
              + "has no such run; runs seen (newest first):")
          .hasMessageContaining(blocked)
          .hasMessageContaining(done);
    } finally {
      TestWorkflows.RELEASE.countDown();
    }
    assertThat(runs.await(blocked).status()).isEqualTo("COMPLETED");
  }
}
