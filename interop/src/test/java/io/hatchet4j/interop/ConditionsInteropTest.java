package io.hatchet4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.RunRef;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.workflow.WorkflowResult;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 10: DAG conditions and on-failure tasks of the official SDKs on our engine: a peer's
 * gated task waits for the event Java pushes (and is skipped by another), a peer's on-failure
 * handler sees a Java task's error, and a Java on-failure task sees a peer task's error.
 */
class ConditionsInteropTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_conditions_", false);

  @Scenario(value = "10a. DAG conditions: a peer's wait_for-gated task waits for an event Java pushes",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void peerGatedTaskWaitsForJavaEvents(Lang peer) {
    String workflow = peer.workflow("conditions");

    // Skipped by the skip event: it can only be, if its wait_for kept it waiting until then.
    RunRef<JsonNode> skipped = setup.java().runNoWait(InteropSetup.workflow(workflow), json(Map.of()));
    JsonNode skippedResult = setup.pushUntilDone(skipped, () -> setup.java().push(workflow + ":skip", Map.of()));
    assertThat(skippedResult.path("gate").toString()).as("result %s", skippedResult).isEqualTo("{\"skipped\":true}");
    assertThat(skippedResult.path("after").path("gateSkipped").asBoolean()).as("result %s", skippedResult).isTrue();

    RunRef<JsonNode> released = setup.java().runNoWait(InteropSetup.workflow(workflow), json(Map.of()));
    JsonNode releasedResult = setup.pushUntilDone(released, () -> setup.java().push(workflow + ":go", Map.of()));
    assertThat(releasedResult.path("gate").path("ran").asBoolean()).as("result %s", releasedResult).isTrue();
    assertThat(releasedResult.path("gate").path("lang").asText()).isEqualTo(peer.prefix());
    assertThat(releasedResult.path("after").path("gateSkipped").asBoolean()).isFalse();
  }

  @Scenario(value = "10b. On-failure: a peer's on-failure handler sees a Java task's error",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void peerOnFailureHandlerSeesJavaError(Lang peer) throws Exception {
    RunRef<JsonNode> run = setup.java().runNoWait(InteropSetup.workflow(peer, "on-failure"),
        json(Map.of("target", JavaWorkflows.FAIL.name())));

    RunInfo details = awaitFailed(run.result()::get, run.runId());
    RunInfo.TaskInfo handler = details.tasks().stream().filter(t -> t.name().contains("on-failure"))
        .findFirst().orElseThrow(() -> new AssertionError("no on-failure task in " + details));
    assertThat(handler.status()).as("run %s", details).isEqualTo("COMPLETED");
    JsonNode output = InteropEngine.JSON.readTree(handler.output().orElseThrow());
    assertThat(output.path("lang").asText()).isEqualTo(peer.prefix());
    assertThat(output.path("errors").path("step1").asText()).as("output %s", output).contains("java-fail attempt 1");
  }

  @Scenario(value = "10c. On-failure: a Java on-failure task sees a peer task's error",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void javaOnFailureTaskSeesPeerError(Lang peer) throws Exception {
    RunRef<WorkflowResult> run = setup.java().runNoWait(JavaHookWorkflows.WORKFLOW,
        json(Map.of("target", peer.workflow("fail"))));

    RunInfo details = awaitFailed(run.result()::get, run.runId());
    RunInfo.TaskInfo handler = details.task(JavaHookWorkflows.ON_FAILURE.name()).orElseThrow();
    assertThat(handler.status()).as("run %s", details).isEqualTo("COMPLETED");
    JsonNode output = InteropEngine.JSON.readTree(handler.output().orElseThrow());
    assertThat(output.path("errors").path("step1").asText()).as("output %s", output)
        .contains(peer.workflow("fail") + " attempt 2");
  }

  @Scenario(value = "10d. DAG conditions: a Java run cancelled by its cancel_if is a result, not a failure, to a peer",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerClientAwaitsAJavaRunCancelledByItsCondition(Lang peer) {
    // As upstream's test_cancel_if: the result returns (tasks cancelled before they ran carry no error).
    JsonNode answer = setup.peer(peer).callOk(Peer.command("run", "workflow", JavaHookWorkflows.CANCEL_IF.name()));

    assertThat(answer.path("result").path("start").path("n").asInt()).as("answer %s", answer).isEqualTo(2);
    RunInfo details = setup.engine().run(answer.path("runId").asText()).orElseThrow();
    assertThat(details.status()).isEqualTo("CANCELLED");
    assertThat(details.task("cancelled").orElseThrow().attempts()).isZero();
    assertThat(details.task("downstream").orElseThrow().status()).isEqualTo("CANCELLED");
  }

  /** A future's get, with the timeout the result waits. */
  private interface Result {
    Object get(long timeout, TimeUnit unit) throws Exception;
  }

  /** Waits for the run to fail (the on-failure task has run by then) and returns what the engine shows. */
  private static RunInfo awaitFailed(Result result, String runId) throws Exception {
    try {
      result.get(60, TimeUnit.SECONDS);
      throw new AssertionError("run " + runId + " succeeded; it should have failed");
    } catch (ExecutionException expected) {
      // the run failed, as it should
    }
    RunInfo details = setup.engine().run(runId).orElseThrow();
    assertThat(details.status()).isEqualTo("FAILED");
    return details;
  }

  private static JsonNode json(Object value) {
    return InteropEngine.JSON.valueToTree(value);
  }
}
