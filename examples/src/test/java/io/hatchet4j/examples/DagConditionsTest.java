package io.hatchet4j.examples;

import static io.hatchet4j.examples.DagConditions.CANCEL_IF_OR_WORKFLOW;
import static io.hatchet4j.examples.DagConditions.CANCEL_IF_WORKFLOW;
import static io.hatchet4j.examples.DagConditions.SIS_TARGET;
import static io.hatchet4j.examples.DagConditions.SKIP_IF_SLEEP_WORKFLOW;
import static io.hatchet4j.examples.DagConditions.TASK_CONDITIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.Hatchet;
import io.hatchet4j.RunCancelledException;
import io.hatchet4j.RunRef;
import io.hatchet4j.RunStatus;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.examples.DagConditions.Seed;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import io.hatchet4j.testing.Runs;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outcomes of the official SDKs' {@code test_conditions.py}, on virtual time: a sleep
 * condition's timer appearing shows that its task's conditions are registered, so events pushed
 * after it count, and advancing time makes the sleep hold.
 */
@HatchetTest(virtualTime = true)
class DagConditionsTest {
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(20);

  @Test
  void waitsSkipsAndBranchesAsTheirConditionsSay(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(TASK_CONDITIONS);
    // Once start completed, wait_for_sleep's ten seconds count.
    RunRef<WorkflowResult> run = runUntilSleepArmed(hatchet, env, TASK_CONDITIONS, 60, 10);
    hatchet.push("skip_on_event:skip", Map.of());
    hatchet.push("wait_for_event:start", Map.of());
    env.advance(Duration.ofSeconds(10));
    WorkflowResult result = run.await(RESULT_TIMEOUT);

    Map<String, JsonNode> outputs = result.outputs();
    assertThat(outputs.get("skip_on_event").toString()).isEqualTo("{\"skipped\":true}");
    assertThat(outputs.get("skip_with_multiple_parents").toString()).isEqualTo("{\"skipped\":true}");
    // wait_for_sleep returned 61, so left_branch (> 50) is skipped and right_branch runs.
    assertThat(outputs.get("left_branch").toString()).isEqualTo("{\"skipped\":true}");
    assertThat(outputs.get("right_branch").get("random_number").asInt()).isEqualTo(64);
    assertThat(outputs.get("wait_for_event").get("random_number").asInt()).isEqualTo(65);
    assertThat(result.output(DagConditions.SUM).sum()).isEqualTo(60 + 65 + 61 + 64);
  }

  @Test
  void cancelIfOnAParentOutputCancelsTheRunAndItsDownstream(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
    env.startWorker(CANCEL_IF_WORKFLOW);
    RunRef<WorkflowResult> run = hatchet.runNoWait(CANCEL_IF_WORKFLOW, new Seed(0));

    assertThatThrownBy(() -> run.await(RESULT_TIMEOUT)).isInstanceOf(RunCancelledException.class);
    RunInfo details = runs.await(run.runId(), RunStatus.CANCELLED);
    assertThat(details.task("cancel_if").orElseThrow().status()).isEqualTo("CANCELLED");
    assertThat(details.task("downstream_skip").orElseThrow().status()).isEqualTo("CANCELLED");
    assertThat(details.task("downstream_skip").orElseThrow().attempts()).isZero();
  }

  @Test
  void skipIfSleepSkipsWhenTheSleepWins(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(SKIP_IF_SLEEP_WORKFLOW);
    RunRef<WorkflowResult> run = runUntilSleepArmed(hatchet, env, SKIP_IF_SLEEP_WORKFLOW, 0, 12);

    env.advance(Duration.ofSeconds(12));

    assertThat(run.await(RESULT_TIMEOUT).outputs().get(SIS_TARGET.name()).toString()).isEqualTo("{\"skipped\":true}");
  }

  @Test
  void skipIfSleepRunsWhenTheEventWins(Hatchet hatchet, HatchetTestEnvironment env) {
    env.startWorker(SKIP_IF_SLEEP_WORKFLOW);
    RunRef<WorkflowResult> run = runUntilSleepArmed(hatchet, env, SKIP_IF_SLEEP_WORKFLOW, 0, 12);

    hatchet.push("skip_if_sleep:proceed", Map.of());

    assertThat(run.await(RESULT_TIMEOUT).output(SIS_TARGET).randomNumber()).isEqualTo(2);
  }

  @Test
  void cancelIfWithAnOrGroupCancelsOnTheEventOrOnTheSleep(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
    env.startWorker(CANCEL_IF_OR_WORKFLOW);
    RunRef<WorkflowResult> byEvent = runUntilSleepArmed(hatchet, env, CANCEL_IF_OR_WORKFLOW, 0, 8);
    hatchet.push("cancel_if_or:abort", Map.of());
    runs.await(byEvent.runId(), RunStatus.CANCELLED);

    env.advance(Duration.ofSeconds(1));
    RunRef<WorkflowResult> bySleep = runUntilSleepArmed(hatchet, env, CANCEL_IF_OR_WORKFLOW, 0, 8);
    env.advance(Duration.ofSeconds(8));

    assertThat(runs.await(bySleep.runId(), RunStatus.CANCELLED).task("cio_target").orElseThrow().attempts()).isZero();
  }

  /**
   * Starts a run and returns once the engine armed a sleep of {@code seconds} from now: the
   * conditions of the task it gates are registered then, so events pushed from here on count.
   */
  private static RunRef<WorkflowResult> runUntilSleepArmed(Hatchet hatchet, HatchetTestEnvironment env,
      Workflow<Seed, WorkflowResult> workflow, int seed, int seconds) {
    Instant started = env.now();
    RunRef<WorkflowResult> run = hatchet.runNoWait(workflow, new Seed(seed));
    env.awaitTimer(started.plusSeconds(seconds));
    return run;
  }
}
