package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ctx.putStream} and {@code hatchet.stream(runId)} through the embedded engine. The engine
 * keeps no history of chunks, so each producer puts probes until the test's subscription has seen
 * one: the subscription is then in place, without sleeping for it.
 */
@Timeout(60)
class StreamingTest extends EngineTest {
  record Count(int chunks) {}

  /** Puts probes until {@code subscribed} opens. */
  private static void probeUntil(TaskContext ctx, CountDownLatch subscribed) throws InterruptedException {
    while (!subscribed.await(20, TimeUnit.MILLISECONDS)) {
      ctx.putStream("probe");
    }
  }

  /** Reads a stream to its end, opening {@code subscribed} at the first probe; probes left out. */
  private static List<StreamChunk> readAll(RunStream stream, CountDownLatch subscribed) {
    List<StreamChunk> chunks = new ArrayList<>();
    for (StreamChunk chunk : stream) {
      if (chunk.text().equals("probe")) {
        subscribed.countDown();
      } else {
        chunks.add(chunk);
      }
    }
    return chunks;
  }

  @Test
  void aSubscriberGetsEveryChunkInOrderAndTheStreamEndsWithTheRun() {
    CountDownLatch subscribed = new CountDownLatch(1);
    Workflow<Count, Count> producer = Workflow.standalone(
        Task.builder("producer", Count.class, Count.class)
            .setHandler((count, ctx) -> {
              probeUntil(ctx, subscribed);
              for (int i = 0; i < count.chunks(); i++) {
                ctx.putStream("chunk-" + i + ";");
              }
              ctx.putStream("é ok".getBytes(UTF_8));
              return count;
            })
            .build());
    started(hatchet, worker("w", 2), producer);

    RunRef<Count> ref = hatchet.runNoWait(producer, new Count(50));
    List<StreamChunk> chunks;
    try (RunStream stream = hatchet.stream(ref.runId())) {
      assertThat(stream.runId()).isEqualTo(ref.runId());
      chunks = readAll(stream, subscribed);
    }

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add("chunk-" + i + ";");
    }
    expected.add("é ok");
    assertThat(chunks).extracting(StreamChunk::text).containsExactlyElementsOf(expected);
    assertThat(chunks.get(50).bytes()).isEqualTo("é ok".getBytes(UTF_8));
    assertThat(chunks).allSatisfy(c -> assertThat(c.taskRunId()).isEqualTo(ref.runId()));
    List<Long> indexes = chunks.stream().map(c -> c.index().orElseThrow()).toList();
    assertThat(indexes).isSorted().doesNotHaveDuplicates();
    assertThat(ref.await()).isEqualTo(new Count(50));
  }

  @Test
  void aLateSubscriberSeesOnlyChunksPutAfterItSubscribed() throws Exception {
    CountDownLatch earlyPut = new CountDownLatch(1);
    CountDownLatch subscribed = new CountDownLatch(1);
    Workflow<Count, Count> producer = Workflow.standalone(
        Task.builder("late", Count.class, Count.class)
            .setHandler((count, ctx) -> {
              for (int i = 0; i < 3; i++) {
                ctx.putStream("early-" + i);
              }
              earlyPut.countDown();
              probeUntil(ctx, subscribed);
              for (int i = 0; i < 3; i++) {
                ctx.putStream("late-" + i);
              }
              return count;
            })
            .build());
    started(hatchet, worker("w", 2), producer);

    RunRef<Count> ref = hatchet.runNoWait(producer, new Count(0));
    assertThat(earlyPut.await(20, TimeUnit.SECONDS)).isTrue();
    try (RunStream stream = hatchet.stream(ref.runId())) {
      assertThat(readAll(stream, subscribed)).extracting(StreamChunk::text)
          .containsExactly("late-0", "late-1", "late-2");
    }
  }

  @Test
  void chunksCanBeReadAsAJavaStreamWhichClosesTheSubscription() {
    CountDownLatch subscribed = new CountDownLatch(1);
    Workflow<Count, Count> producer = Workflow.standalone(
        Task.builder("java-stream", Count.class, Count.class)
            .setHandler((count, ctx) -> {
              probeUntil(ctx, subscribed);
              ctx.putStream("a");
              ctx.putStream("b");
              return count;
            })
            .build());
    started(hatchet, worker("w", 2), producer);

    RunRef<Count> ref = hatchet.runNoWait(producer, new Count(0));
    String text;
    try (var chunks = hatchet.stream(ref.runId()).chunks()) {
      text = chunks.map(StreamChunk::text)
          .peek(t -> { if (t.equals("probe")) subscribed.countDown(); })
          .filter(t -> !t.equals("probe"))
          .collect(Collectors.joining());
    }
    assertThat(text).isEqualTo("ab");
  }

  @Test
  void aFinishedRunGivesAnEmptyStreamAndAnUnknownRunFailsWithNotFound() {
    Workflow<Count, Count> quick = Workflow.standalone(
        Task.builder("quick", Count.class, Count.class).setHandler((count, ctx) -> count).build());
    started(hatchet, worker("w", 2), quick);
    RunRef<Count> ref = hatchet.runNoWait(quick, new Count(1));
    ref.await();

    try (RunStream stream = hatchet.stream(ref.runId())) {
      assertThat(stream.iterator().hasNext()).isFalse();
    }
    try (RunStream stream = hatchet.stream(UUID.randomUUID().toString())) {
      assertThatThrownBy(() -> stream.iterator().hasNext())
          .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    }
  }

  @Test
  void closingTheStreamEndsABlockedReader() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    Workflow<Count, Count> silent = Workflow.standalone(
        Task.builder("silent", Count.class, Count.class)
            .setHandler((count, ctx) -> {
              finish.await();
              return count;
            })
            .build());
    started(hatchet, worker("w", 2), silent);
    RunRef<Count> ref = hatchet.runNoWait(silent, new Count(0));
    RunStream stream = hatchet.stream(ref.runId());
    CountDownLatch reading = new CountDownLatch(1);
    var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      reading.countDown();
      return stream.iterator().hasNext();
    });
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

    stream.close();
    assertThat(reader.get(10, TimeUnit.SECONDS)).isFalse();
    finish.countDown();
    ref.await();
  }
}
