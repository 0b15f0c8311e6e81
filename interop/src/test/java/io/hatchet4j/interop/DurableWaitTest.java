package io.hatchet4j.interop;

import static io.hatchet4j.interop.Peer.command;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.RunRef;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 5: durable waits across languages, over the engine's DurableTask stream: a Java durable
 * task resumed by an event a peer pushes, and a peer's durable task resumed by an event Java pushes.
 */
class DurableWaitTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_durable_", true);

  @Scenario(value = "5a. Durable wait: Java task resumed by an event a peer pushes",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void javaDurableTaskResumedByPeerEvent(Lang pusher) {
    String key = "interop:resume:" + UUID.randomUUID();
    String marker = UUID.randomUUID().toString();
    RunRef<JsonNode> ref = setup.java().runNoWait(JavaWorkflows.DURABLE, json(Map.of("key", key)));

    JsonNode result = setup.pushUntilDone(ref, () -> setup.peer(pusher).callOk(command("push", "key", key,
        "payload", Map.of("marker", marker, "from", pusher.prefix()))));

    assertThat(result.path("lang").asText()).isEqualTo("java");
    assertThat(result.path("event").path("marker").asText()).as("result %s", result).isEqualTo(marker);
  }

  @Scenario(value = "5b. Durable wait: peer task resumed by an event Java pushes",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void peerDurableTaskResumedByJavaEvent(Lang waiter) {
    String key = "interop:resume:" + UUID.randomUUID();
    String marker = UUID.randomUUID().toString();
    RunRef<JsonNode> ref = setup.java().runNoWait(InteropSetup.workflow(waiter, "durable"), json(Map.of("key", key)));
    setup.peer(waiter).awaitEvent(e -> e.path("event").asText().equals("waiting") && e.path("key").asText().equals(key),
        Await.DEFAULT);

    JsonNode result = setup.pushUntilDone(ref, () -> setup.java().push(key, Map.of("marker", marker, "from", "java")));

    assertThat(result.path("lang").asText()).isEqualTo(waiter.prefix());
    assertThat(result.toString()).as("result").contains(marker);
  }

  private static JsonNode json(Object value) {
    return InteropEngine.JSON.valueToTree(value);
  }
}
