package io.hatchet4j.interop;

import static io.hatchet4j.interop.Peer.command;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.engine.RunInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario 2: our Java worker runs tasks that each official client triggers. */
class JavaWorkerTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_java_worker_", false);

  @Scenario(value = "2a. Java worker, peer client: run and wait", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerRunsJavaTaskAndWaits(Lang peer) {
    JsonNode answer = setup.peer(peer).callOk(command("run", "workflow", "java-echo",
        "input", Map.of("message", "hi from " + peer), "metadata", Map.of("caller", peer.prefix())));

    JsonNode output = answer.path("result").path("java-echo");
    assertThat(output.path("lang").asText()).as("answer %s", answer).isEqualTo("java");
    assertThat(output.path("input").path("message").asText()).isEqualTo("hi from " + peer);
    assertThat(output.path("metadata").path("caller").asText()).isEqualTo(peer.prefix());
  }

  @Scenario(value = "2b. Java worker, peer client: bulk run", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerBulkRunsJavaTasks(Lang peer) {
    List<Map<String, Object>> inputs = List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3));
    JsonNode answer = setup.peer(peer).callOk(command("bulk", "workflow", "java-echo", "inputs", inputs));

    assertThat(answer.path("runIds")).hasSize(3);
    List<Integer> echoed = StreamSupport.stream(answer.path("results").spliterator(), false)
        .map(r -> r.path("java-echo").path("input").path("n").asInt()).toList();
    assertThat(echoed).containsExactly(1, 2, 3);
    answer.path("runIds").forEach(id -> assertThat(setup.engine().run(id.asText()).orElseThrow().status())
        .isEqualTo("COMPLETED"));
  }

  @Scenario(value = "2c. Java worker, peer client: schedule", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerSchedulesJavaTask(Lang peer) {
    String marker = UUID.randomUUID().toString();
    JsonNode answer = setup.peer(peer).callOk(command("schedule", "workflow", "java-echo", "delayMs", 1500,
        "input", Map.of("marker", marker)));

    assertThat(answer.path("scheduleIds")).hasSize(1);
    RunInfo run = Await.until("the scheduled run of java-echo", () -> setup.engine().engine()
        .runs(setup.engine().tenantId()).stream()
        .filter(r -> r.status().equals("COMPLETED"))
        .filter(r -> output(r).path("input").path("marker").asText().equals(marker)).findFirst());
    assertThat(run.workflowName()).isEqualTo(setup.namespace() + "java-echo");
  }

  @Scenario(value = "2d. Java worker, peer client: event push", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerPushesEventThatStartsJavaTask(Lang peer) {
    String marker = UUID.randomUUID().toString();
    JsonNode answer = setup.peer(peer).callOk(command("push", "key", JavaWorkflows.EVENT_KEY,
        "payload", Map.of("marker", marker)));

    RunInfo run = awaitEventRun(answer.path("eventId").asText());
    assertThat(output(run).path("input").path("marker").asText()).isEqualTo(marker);
  }

  @Scenario(value = "2e. Java worker, peer client: bulk event push", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerBulkPushesEventsThatStartJavaTasks(Lang peer) {
    List<Map<String, Object>> events = List.of(
        Map.of("key", JavaWorkflows.EVENT_KEY, "payload", Map.of("n", 1)),
        Map.of("key", JavaWorkflows.EVENT_KEY, "payload", Map.of("n", 2)));
    JsonNode answer = setup.peer(peer).callOk(command("bulkPush", "events", events));

    assertThat(answer.path("eventIds")).hasSize(2);
    List<Integer> received = StreamSupport.stream(answer.path("eventIds").spliterator(), false)
        .map(id -> output(awaitEventRun(id.asText())).path("input").path("n").asInt()).toList();
    assertThat(received).containsExactlyInAnyOrder(1, 2);
  }

  @Scenario(value = "2f. Java worker, peer client: cancel a running task", pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerCancelsRunningJavaTask(Lang peer) {
    String runId = setup.peer(peer).callOk(command("run", "workflow", "java-slow", "wait", false)).path("runId").asText();
    Await.until("java-slow running", () -> setup.engine().run(runId).filter(r -> r.status().equals("RUNNING")));

    setup.peer(peer).callOk(command("cancel", "runId", runId));

    RunInfo run = Await.until("java-slow cancelled", () -> setup.engine().run(runId)
        .filter(r -> r.status().equals("CANCELLED")));
    assertThat(run.tasks().get(0).status()).isEqualTo("CANCELLED");
  }

  @Scenario(value = "2g. Peer client's REST feature clients (runs, logs, events, workers, workflows, schedules, crons)",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerFeatureClientsReadAndWriteOverRest(Lang peer) {
    String runId = setup.java().runNoWait(JavaWorkflows.ECHO, InteropEngine.JSON.valueToTree(Map.of("message", "rest")))
        .runId();
    Await.until("java-echo completed", () -> setup.engine().run(runId).filter(r -> r.status().equals("COMPLETED")));

    JsonNode checks = setup.peer(peer).callOk(command("rest", "runId", runId, "workflow", "java-echo"))
        .path("checks");

    List<String> failed = new ArrayList<>();
    checks.fields().forEachRemaining(check -> {
      if (!check.getValue().path("ok").asBoolean()) {
        failed.add(check.getKey() + ": " + check.getValue().path("error").asText());
      }
    });
    assertThat(checks.size()).isGreaterThanOrEqualTo(14);
    assertThat(checks.has("filters.create") && checks.has("filters.delete") && checks.has("tenant.get"))
        .as("%s peer checks the filter and tenant routes: %s", peer, checks).isTrue();
    assertThat(failed).as("%s feature calls that failed", peer).isEmpty();
  }

  @Scenario(value = "2h. Java worker, peer client: a failing Java task reaches the peer after its retries",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void javaFailureReachesPeerClient(Lang peer) {
    JsonNode answer = setup.peer(peer).call(command("run", "workflow", "java-fail"));

    assertThat(answer.path("ok").asBoolean()).as("answer %s", answer).isFalse();
    assertThat(answer.path("error").asText()).contains("java-fail attempt 1");
  }

  @Scenario(value = "2i. Java worker, peer client: run details over gRPC (GetRunDetails)",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerReadsRunDetails(Lang peer) {
    String runId = setup.peer(peer).callOk(command("run", "workflow", "java-echo", "input", Map.of("message", "details"),
        "metadata", Map.of("caller", peer.prefix()))).path("runId").asText();

    JsonNode details = setup.peer(peer).callOk(command("details", "runId", runId)).path("details");

    assertThat(details.path("status").asText()).as("details %s", details).isEqualTo("COMPLETED");
    assertThat(details.path("done").asBoolean()).isTrue();
    JsonNode task = details.path(peer == Lang.PYTHON ? "task_runs" : "taskRuns").path("java-echo");
    assertThat(task.path("output").toString()).contains("details");
    assertThat(details.path(peer == Lang.PYTHON ? "additional_metadata" : "additionalMetadata").path("caller").asText())
        .isEqualTo(peer.prefix());
  }

  private static RunInfo awaitEventRun(String eventId) {
    return Await.until("the java-event run of event " + eventId, () -> setup.engine().engine()
        .runs(setup.engine().tenantId()).stream()
        .filter(r -> r.triggeringEventId().equals(Optional.of(eventId)) && r.status().equals("COMPLETED"))
        .findFirst());
  }

  private static JsonNode output(RunInfo run) {
    try {
      return InteropEngine.JSON.readTree(run.tasks().get(0).output().orElse("{}"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
