package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.ResourceEventType;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowEventsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowEvent;
import io.hatchet4j.proto.events.PutStreamEventRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream chunks reach subscribers in {@code event_index} order, as upstream's dispatcher releases
 * them: out-of-order chunks wait for the gap, a gap is given up after five seconds of engine time,
 * and a task's end flushes what waits. Chunks without an index (the probes here) pass straight
 * through, which lets each step prove what has and has not arrived without waiting out a quiet
 * period.
 */
class StreamOrderTest {
  /** Upstream's default stream gap timeout. */
  private static final Duration GAP = Duration.ofSeconds(5);

  private final VirtualClock clock = EngineClock.virtual();
  private HatchetEngine engine;
  private TestClient client;

  @BeforeEach
  void setUp() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setClock(clock).build());
    client = TestClient.connect(engine, engine.token());
    client.register("streams", TestClient.task("streams", "producer"));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    engine.close();
  }

  /** A subscription's events, and whether the engine ended it. */
  private static final class Subscriber implements StreamObserver<WorkflowEvent> {
    final List<WorkflowEvent> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    @Override
    public void onNext(WorkflowEvent event) {
      events.add(event);
    }

    @Override
    public void onError(Throwable t) {
      ended.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      ended.complete(null);
    }

    /** The payloads of the chunks seen so far, probes included. */
    List<String> chunks() {
      return events.stream()
          .filter(e -> e.getEventType() == ResourceEventType.RESOURCE_EVENT_TYPE_STREAM)
          .map(WorkflowEvent::getEventPayload)
          .toList();
    }
  }

  private void put(AssignedAction action, String chunk, Long index) {
    PutStreamEventRequest.Builder request = PutStreamEventRequest.newBuilder()
        .setTaskRunExternalId(action.getTaskRunExternalId())
        .setMessage(ByteString.copyFromUtf8(chunk));
    if (index != null) {
      request.setEventIndex(index);
    }
    client.events.putStreamEvent(request.build());
  }

  /** Puts an index-less marker and waits for it: whatever was released before it has arrived. */
  private List<String> upTo(Subscriber subscriber, AssignedAction action, String marker) throws InterruptedException {
    put(action, marker, null);
    TestClient.await("marker " + marker, () -> subscriber.chunks().contains(marker));
    List<String> chunks = subscriber.chunks();
    return chunks.subList(0, chunks.indexOf(marker));
  }

  /** Triggers a run and reports its task started on {@code worker}. */
  private AssignedAction startRun(TestWorker worker) throws InterruptedException {
    client.trigger("streams", "{}");
    AssignedAction action = worker.nextStart();
    worker.started(action);
    return action;
  }

  private Subscriber subscribe(String runId, AssignedAction action) throws InterruptedException {
    Subscriber subscriber = new Subscriber();
    client.dispatcherAsync.subscribeToWorkflowEvents(
        SubscribeToWorkflowEventsRequest.newBuilder().setWorkflowRunId(runId).build(), subscriber);
    // Subscriptions are set up asynchronously: probe until one comes back.
    TestClient.await("the subscription", () -> {
      put(action, "probe", null);
      return !subscriber.events.isEmpty();
    });
    return subscriber;
  }

  @Test
  void releasesChunksInIndexOrderGivesUpAGapAfterFiveSecondsAndHoldsTheTaskEndForAGap() throws Exception {
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action("streams", "producer"))) {
      AssignedAction action = startRun(worker);
      Subscriber subscriber = subscribe(action.getWorkflowRunId(), action);

      put(action, "c2", 2L);
      put(action, "c1", 1L);
      assertThat(upTo(subscriber, action, "m1")).as("1 and 2 wait for 0").doesNotContain("c1", "c2");
      put(action, "c0", 0L);
      assertThat(upTo(subscriber, action, "m2")).containsSubsequence("c0", "c1", "c2");

      put(action, "c4", 4L); // 3 never comes
      assertThat(upTo(subscriber, action, "m3")).as("4 waits for 3").doesNotContain("c4");
      TestClient.awaitTimer(clock, clock.now().plus(GAP));
      clock.advance(GAP.minusMillis(1));
      assertThat(upTo(subscriber, action, "m4")).as("not before five seconds").doesNotContain("c4");
      clock.advance(Duration.ofMillis(1));
      assertThat(upTo(subscriber, action, "m5")).as("released after the gap timed out").contains("c4");

      // After a timeout the next chunk seen sets the expected index again.
      put(action, "c7", 7L);
      assertThat(upTo(subscriber, action, "m6")).contains("c7");

      // The task ends while 9 and 10 wait for 8 (as when a producer does not wait for its chunks
      // to be taken): its end, and the run's, wait for the gap.
      put(action, "c10", 10L);
      put(action, "c9", 9L);
      worker.completed(action, "{}");
      assertThat(upTo(subscriber, action, "m7")).doesNotContain("c9", "c10");
      assertThat(subscriber.events).noneMatch(e -> e.getEventType() == ResourceEventType.RESOURCE_EVENT_TYPE_COMPLETED);
      put(action, "c8", 8L);
      subscriber.ended.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      List<WorkflowEvent> events = subscriber.events;
      int c8 = indexOf(events, "c8");
      int c9 = indexOf(events, "c9");
      int c10 = indexOf(events, "c10");
      int completed = -1;
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).getEventType() == ResourceEventType.RESOURCE_EVENT_TYPE_COMPLETED) {
          completed = i;
          break;
        }
      }
      assertThat(c8).as("in order, before the task's end").isLessThan(c9);
      assertThat(c9).isLessThan(c10);
      assertThat(c10).isLessThan(completed);
      assertThat(events.get(events.size() - 1).getHangup()).isTrue();
    }
  }

  @Test
  void aTaskEndHeldForAGapGoesOutWhenTheGapTimesOut() throws Exception {
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action("streams", "producer"))) {
      AssignedAction action = startRun(worker);
      Subscriber subscriber = subscribe(action.getWorkflowRunId(), action);

      put(action, "c1", 1L); // 0 never comes
      worker.completed(action, "{}");
      assertThat(upTo(subscriber, action, "m1")).doesNotContain("c1");
      TestClient.awaitTimer(clock, clock.now().plus(GAP));
      clock.advance(GAP);

      subscriber.ended.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(indexOf(subscriber.events, "c1")).isLessThan(subscriber.events.size() - 2);
      assertThat(subscriber.events.get(subscriber.events.size() - 1).getHangup()).isTrue();
    }
  }

  @Test
  void aSubscriptionToAFinishedRunEndsAtOnceWithNoEvents() throws Exception {
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action("streams", "producer"))) {
      String runId = client.trigger("streams", "{}");
      AssignedAction action = worker.nextStart();
      worker.completed(action, "{}");
      client.awaitResult(runId);

      Subscriber late = new Subscriber();
      client.dispatcherAsync.subscribeToWorkflowEvents(
          SubscribeToWorkflowEventsRequest.newBuilder().setWorkflowRunId(runId).build(), late);
      late.ended.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(late.events).isEmpty();
    }
  }

  private static int indexOf(List<WorkflowEvent> events, String payload) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getEventType() == ResourceEventType.RESOURCE_EVENT_TYPE_STREAM
          && events.get(i).getEventPayload().equals(payload)) {
        return i;
      }
    }
    throw new AssertionError("no chunk " + payload + " in " + events);
  }
}
