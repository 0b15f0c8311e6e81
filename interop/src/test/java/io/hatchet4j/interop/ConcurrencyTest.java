package io.hatchet4j.interop;

import static io.hatchet4j.interop.InteropSetup.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.RunCancelledException;
import io.hatchet4j.RunRef;
import io.hatchet4j.engine.RunInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrency limits declared by each SDK's worker, scheduled by our engine with the outcomes of
 * upstream's e2e tests ({@code sdks/python/examples/concurrency_*}). The tasks hold until the test
 * releases them, so every step waits for a state, never for a time.
 */
class ConcurrencyTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_conc_", false);

  private static final Duration RESULT = Duration.ofSeconds(60);
  private static final String CANCELLED = "Cancelled due to concurrency strategy";

  /** The Java worker (outside the interop table, which has no Java-only column) and each peer's. */
  static Stream<Arguments> workers() {
    return Stream.of(Lang.JAVA, Lang.TYPESCRIPT, Lang.PYTHON)
        .map(l -> Arguments.of(Named.of(l == Lang.JAVA ? "Java" : Lang.display(Lang.JAVA, l), l)));
  }

  @Scenario(value = "9a. Concurrency CANCEL_IN_PROGRESS (workflow level, two steps): only the newest run completes",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("workers")
  void cancelInProgressLeavesOnlyTheNewestRun(Lang worker) {
    String group = UUID.randomUUID().toString();
    List<RunRef<JsonNode>> runs = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(UUID.randomUUID().toString());
      runs.add(trigger(worker, "conc-cip", group, tokens.get(i)));
      awaitTaskStatus(runs.get(i), "RUNNING");
    }
    release(worker, tokens.get(2));

    assertThat(runs.get(2).await(RESULT)).isNotNull();
    assertThat(run(runs.get(2)).status()).isEqualTo("COMPLETED");
    for (RunRef<JsonNode> cancelled : runs.subList(0, 2)) {
      assertThatThrownBy(() -> cancelled.await(RESULT)).isInstanceOf(RunCancelledException.class);
      RunInfo info = run(cancelled);
      assertThat(info.status()).isEqualTo("CANCELLED");
      assertThat(info.task("step1").orElseThrow().error()).contains(CANCELLED);
      assertThat(info.task("step2").orElseThrow().status()).isEqualTo("CANCELLED");
    }
  }

  @Scenario(value = "9b. Concurrency CANCEL_NEWEST (task level): runs beyond the limit are cancelled at once",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("workers")
  void cancelNewestKeepsTheRunInProgress(Lang worker) {
    String group = UUID.randomUUID().toString();
    String token = UUID.randomUUID().toString();
    RunRef<JsonNode> first = trigger(worker, "conc-newest", group, token);
    awaitTaskStatus(first, "RUNNING");

    for (int i = 0; i < 3; i++) {
      RunRef<JsonNode> later = trigger(worker, "conc-newest", group, UUID.randomUUID().toString());
      assertThatThrownBy(() -> later.await(RESULT)).isInstanceOf(RunCancelledException.class);
      assertThat(run(later).tasks().get(0).error()).contains(CANCELLED);
    }
    release(worker, token);

    assertThat(first.await(RESULT).toString()).contains(token);
  }

  @Scenario(value = "9c. Concurrency GROUP_ROUND_ROBIN, max runs 2: a key's third run waits, other keys go on",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("workers")
  void roundRobinQueuesBeyondMaxRunsPerKey(Lang worker) {
    String a = UUID.randomUUID().toString();
    List<String> tokens = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
        UUID.randomUUID().toString(), UUID.randomUUID().toString());
    RunRef<JsonNode> a0 = trigger(worker, "conc-rr", a, tokens.get(0));
    RunRef<JsonNode> a1 = trigger(worker, "conc-rr", a, tokens.get(1));
    RunRef<JsonNode> a2 = trigger(worker, "conc-rr", a, tokens.get(2));
    RunRef<JsonNode> b0 = trigger(worker, "conc-rr", UUID.randomUUID().toString(), tokens.get(3));
    List.of(a0, a1, b0).forEach(ref -> awaitTaskStatus(ref, "RUNNING"));

    // Decided when it was triggered: the key is full, though the worker has free slots.
    assertThat(run(a2).tasks().get(0).status()).isEqualTo("QUEUED");
    release(worker, tokens.get(0));
    a0.await(RESULT);
    awaitTaskStatus(a2, "RUNNING");
    tokens.forEach(t -> release(worker, t));

    for (RunRef<JsonNode> ref : List.of(a1, a2, b0)) {
      assertThat(ref.await(RESULT).path("token").asText()).isIn(tokens);
    }
  }

  @Scenario(value = "9d. Concurrency: a Java and a Python worker serving one workflow share one limit",
      pairs = "Java↔Python")
  @Test
  @DisplayName("Java↔Python | Java and Python workers")
  void javaAndPythonWorkersShareOneLimit() {
    List<String> tokens = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
        UUID.randomUUID().toString());
    List<RunRef<JsonNode>> runs = new ArrayList<>();
    for (String token : tokens) {
      runs.add(setup.java().runNoWait(workflow("conc-shared"), json(Map.of("token", token))));
    }
    List<String> langs = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      awaitTaskStatus(runs.get(i), "RUNNING");
      // One run at a time across both workers: the others wait though either worker has free slots.
      for (RunRef<JsonNode> waiting : runs.subList(i + 1, runs.size())) {
        assertThat(run(waiting).tasks().get(0).status()).isEqualTo("QUEUED");
      }
      releaseEverywhere(tokens.get(i));
      langs.add(runs.get(i).await(RESULT).path("lang").asText());
    }
    assertThat(langs).allMatch(l -> l.equals("java") || l.equals("py"));
  }

  private static RunRef<JsonNode> trigger(Lang worker, String base, String group, String token) {
    return setup.java().runNoWait(workflow(worker, base), json(Map.of("group", group, "token", token)));
  }

  private static void release(Lang worker, String token) {
    if (worker == Lang.JAVA) {
      JavaConcurrencyWorkflows.release(token);
    } else {
      setup.peer(worker).callOk(Peer.command("release", "token", token));
    }
  }

  private static void releaseEverywhere(String token) {
    JavaConcurrencyWorkflows.release(token);
    setup.peer(Lang.PYTHON).callOk(Peer.command("release", "token", token));
  }

  private static void awaitTaskStatus(RunRef<JsonNode> ref, String status) {
    Await.until("run " + ref.runId() + " with its first task " + status, () -> setup.engine().run(ref.runId())
        .filter(r -> r.tasks().get(0).status().equals(status)));
  }

  private static RunInfo run(RunRef<JsonNode> ref) {
    return setup.engine().run(ref.runId()).orElseThrow();
  }

  private static JsonNode json(Object value) {
    return InteropEngine.JSON.valueToTree(value);
  }
}
