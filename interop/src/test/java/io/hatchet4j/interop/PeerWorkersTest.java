package io.hatchet4j.interop;

import static io.hatchet4j.interop.InteropSetup.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.RunCancelledException;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.RunRef;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario 1: each official SDK's worker runs tasks that our Java client triggers. */
class PeerWorkersTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_workers_", false);

  static Stream<Arguments> peerPairs() {
    return Stream.of(
        Arguments.of(Named.of(Lang.display(Lang.TYPESCRIPT, Lang.PYTHON), Lang.TYPESCRIPT), Lang.PYTHON),
        Arguments.of(Named.of(Lang.display(Lang.PYTHON, Lang.TYPESCRIPT), Lang.PYTHON), Lang.TYPESCRIPT));
  }

  @Scenario(value = "1a. Peer worker runs a triggered task: result", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void javaTriggersPeerTask(Lang peer) {
    JsonNode result = setup.java().run(workflow(peer, "echo"), json(Map.of("message", "hello " + peer)));

    assertThat(result.path("lang").asText()).isEqualTo(peer.prefix());
    assertThat(result.path("input").path("message").asText()).isEqualTo("hello " + peer);
  }

  @Scenario(value = "1e. Peer worker: a DAG, the second task reads the first's output",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void peerDagPassesOutputsDownstream(Lang peer) {
    WorkflowResult result = setup.java().run(Workflow.reference(peer.workflow("dag"), JsonNode.class),
        json(Map.of("n", 4)));

    assertThat(result.outputs().keySet()).containsExactlyInAnyOrder("first", "second");
    assertThat(result.output("first", JsonNode.class).path("n").asInt()).isEqualTo(5);
    assertThat(result.output("second", JsonNode.class).path("n").asInt()).isEqualTo(50);
  }

  @Scenario(value = "1f. Peer worker: task log lines reach the engine", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void peerTaskLogsReachTheEngine(Lang peer) {
    RunRef<JsonNode> ref = setup.java().runNoWait(workflow(peer, "echo"), json(Map.of("message", "logged")));
    ref.await(Duration.ofSeconds(60));

    Await.until(peer + " log line", () -> setup.engine().run(ref.runId())
        .filter(r -> r.tasks().get(0).logLines().contains("echo from " + peer.prefix())));
  }

  @Scenario(value = "1a. Peer worker runs a triggered task: result", pairs = "TypeScript↔Python")
  @ParameterizedTest(name = "{0}")
  @MethodSource("peerPairs")
  void peerTriggersOtherPeersTask(Lang client, Lang worker) {
    JsonNode answer = setup.peer(client).callOk(Peer.command("run", "workflow", worker.workflow("echo"),
        "input", Map.of("message", "from " + client)));

    JsonNode output = answer.path("result").path(worker.workflow("echo"));
    assertThat(output.path("lang").asText()).as("answer %s", answer).isEqualTo(worker.prefix());
    assertThat(output.path("input").path("message").asText()).isEqualTo("from " + client);
  }

  @Scenario(value = "1b. Peer worker: failure with retries reaches Java", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void peerFailureReachesJavaAfterRetries(Lang peer) {
    String task = peer.workflow("fail");
    RunRef<JsonNode> ref = setup.java().runNoWait(workflow(peer, "fail"), json(Map.of()));

    assertThatThrownBy(() -> ref.await(Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(RunFailedException.class, e -> {
          assertThat(e).isNotInstanceOf(RunCancelledException.class);
          assertThat(e.taskError(task)).as("errors %s", e.taskErrors()).contains(task + " attempt 2");
        });
    RunInfo run = setup.engine().run(ref.runId()).orElseThrow();
    assertThat(run.status()).isEqualTo("FAILED");
    assertThat(run.task(task).orElseThrow().attempts()).isEqualTo(3);
  }

  @Scenario(value = "1c. Peer worker: Java cancels a running task", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void javaCancelsRunningPeerTask(Lang peer) {
    RunRef<JsonNode> ref = setup.java().runNoWait(workflow(peer, "slow"), json(Map.of()));
    String taskRunId = Await.until(peer + " task running", () -> setup.engine().run(ref.runId())
        .filter(r -> r.status().equals("RUNNING")).map(r -> r.tasks().get(0).id()));
    setup.peer(peer).awaitEvent(e -> e.path("event").asText().equals("started")
        && e.path("taskRunId").asText().equals(taskRunId), Await.DEFAULT);

    assertThat(setup.java().cancel(ref.runId())).contains(taskRunId);

    assertThatThrownBy(() -> ref.await(Duration.ofSeconds(30))).isInstanceOf(RunCancelledException.class);
    assertThat(setup.engine().run(ref.runId()).orElseThrow().status()).isEqualTo("CANCELLED");
    // The peer's task saw the cancellation: its sleep was interrupted.
    setup.peer(peer).awaitEvent(e -> e.path("event").asText().equals("cancelled")
        && e.path("taskRunId").asText().equals(taskRunId), Await.DEFAULT);
  }

  @Scenario(value = "1d. Peer worker: child workflows, Java sees the parent's result",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void peerTaskSpawnsChildren(Lang peer) {
    RunRef<JsonNode> ref = setup.java().runNoWait(workflow(peer, "parent"), json(Map.of("values", List.of(1, 2, 3))));
    JsonNode result = ref.await(Duration.ofSeconds(60));

    assertThat(result.path("sum").asInt()).isEqualTo(12);
    RunInfo parent = setup.engine().run(ref.runId()).orElseThrow();
    String parentTask = parent.tasks().get(0).id();
    List<RunInfo> children = setup.engine().engine().runs(setup.engine().tenantId()).stream()
        .filter(r -> r.parentTaskRunId().equals(Optional.of(parentTask))).toList();
    assertThat(children).hasSize(3).allSatisfy(child -> {
      assertThat(child.workflowName()).isEqualTo(setup.namespace() + peer.workflow("child"));
      assertThat(child.status()).isEqualTo("COMPLETED");
    });
  }

  static JsonNode json(Object value) {
    return InteropEngine.JSON.valueToTree(value);
  }
}
