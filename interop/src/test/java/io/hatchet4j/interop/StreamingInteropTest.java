package io.hatchet4j.interop;

import static io.hatchet4j.interop.Peer.command;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.LogLevel;
import io.hatchet4j.features.LogLine;
import io.hatchet4j.RunRef;
import io.hatchet4j.RunStream;
import io.hatchet4j.StreamChunk;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 6: output streaming across languages. A Java task streams to a subscriber using the
 * official SDK's {@code subscribe_to_stream} / {@code subscribeToStream}, and a peer task's
 * {@code put_stream} / {@code putStream} reaches {@code hatchet.stream(runId)} in Java. The engine
 * keeps no history of chunks, so producers put probes until the test has seen the subscriber get
 * one. Scenario 6c reads a peer task's log lines back with {@code hatchet.logs()}.
 */
class StreamingInteropTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_stream_", false);

  private static final String PROBE = "probe";
  private static final Map<String, CountDownLatch> RELEASED = new ConcurrentHashMap<>();

  /** Puts probes until the test releases its token, then {@code chunks} numbered chunks. */
  private static final Workflow<JsonNode, JsonNode> PRODUCER = Workflow.standalone(
      Task.builder("java-stream", JsonNode.class, JsonNode.class)
          .setHandler((input, ctx) -> {
            CountDownLatch go = released(input.path("token").asText());
            while (!go.await(50, TimeUnit.MILLISECONDS)) {
              ctx.putStream(PROBE);
            }
            int chunks = input.path("chunks").asInt();
            for (int i = 0; i < chunks; i++) {
              ctx.putStream("java-" + i);
            }
            return InteropEngine.JSON.createObjectNode().put("lang", "java").put("chunks", chunks);
          })
          .build());

  private static Worker worker;

  @BeforeAll
  static void startProducer() {
    worker = setup.java().newWorker(WorkerOptions.builder().setName(setup.namespace() + "java-stream").setSlots(5).build());
    worker.register(PRODUCER).start();
  }

  @AfterAll
  static void stopProducer() {
    if (worker != null) {
      worker.close();
    }
  }

  private static CountDownLatch released(String token) {
    return RELEASED.computeIfAbsent(token, k -> new CountDownLatch(1));
  }

  private static List<String> numbered(String prefix, int count) {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chunks.add(prefix + "-" + i);
    }
    return chunks;
  }

  @Scenario(value = "6a. Streaming: a Java task streams to a peer subscriber, in order",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")
  void javaTaskStreamsToPeerSubscriber(Lang subscriber) throws Exception {
    String token = UUID.randomUUID().toString();
    RunRef<JsonNode> ref = setup.java().runNoWait(PRODUCER,
        InteropEngine.JSON.valueToTree(Map.of("token", token, "chunks", 25)));
    Peer peer = setup.peer(subscriber);
    CompletableFuture<JsonNode> answer =
        CompletableFuture.supplyAsync(() -> peer.callOk(command("stream", "runId", ref.runId())));
    peer.awaitEvent(e -> e.path("event").asText().equals("subscribed") && e.path("runId").asText().equals(ref.runId()),
        Await.DEFAULT);
    released(token).countDown();

    JsonNode chunks = answer.get(Peer.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).path("chunks");
    List<String> received = new ArrayList<>();
    chunks.forEach(c -> received.add(c.asText()));
    assertThat(received).as("every chunk, in order, nothing else").containsExactlyElementsOf(numbered("java", 25));
    assertThat(ref.await(Duration.ofSeconds(30)).path("chunks").asInt()).isEqualTo(25);
  }

  @Scenario(value = "6b. Streaming: a peer task streams to a Java subscriber, in order",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerTaskStreamsToJavaSubscriber(Lang producer) {
    String token = UUID.randomUUID().toString();
    RunRef<JsonNode> ref = setup.java().runNoWait(InteropSetup.workflow(producer, "stream"),
        InteropEngine.JSON.valueToTree(Map.of("token", token, "chunks", 20, "awaitDone", true)));
    List<StreamChunk> received = new ArrayList<>();
    boolean released = false;
    try (RunStream stream = setup.java().stream(ref.runId())) {
      for (StreamChunk chunk : stream) {
        if (!chunk.text().equals(PROBE)) {
          received.add(chunk);
          if (received.size() == 20) {
            // TypeScript's putStream does not wait for the engine, so the task could otherwise end
            // (and the stream with it) before its last chunk arrives: it ends once we have them all.
            setup.peer(producer).callOk(command("streamDone", "token", token));
          }
        } else if (!released) {
          released = true;
          setup.peer(producer).callOk(command("streamGo", "token", token));
        }
      }
    }

    assertThat(received).extracting(StreamChunk::text).containsExactlyElementsOf(numbered(producer.prefix(), 20));
    assertThat(received).allSatisfy(c -> assertThat(c.index()).isPresent());
    assertThat(ref.await(Duration.ofSeconds(30)).path("lang").asText()).isEqualTo(producer.prefix());
  }

  @Scenario(value = "6c. Task logs: a peer task's ctx.log lines read back with hatchet.logs()",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void peerTaskLogsReadBackInJava(Lang logger) {
    RunRef<JsonNode> ref = setup.java().runNoWait(InteropSetup.workflow(logger, "echo"),
        InteropEngine.JSON.createObjectNode().put("n", 1));
    ref.await(Duration.ofSeconds(30));

    // A standalone task's run id is its task run id; lines are stored as they arrive.
    LogLine line = Await.until("the peer's log line", () -> setup.java().logs().list(ref.runId()).stream()
        .filter(l -> l.message().equals("echo from " + logger.prefix()))
        .findFirst());
    assertThat(line.levelIfAny()).hasValue(LogLevel.INFO);
  }
}
