package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.hatchet4j.engine.internal.runs.EngineTime;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.v1.RunStatus;
import io.hatchet4j.proto.workflows.ScheduleWorkflowRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine on a {@link VirtualClock}: timers fire in order, at their time, only when the clock moves. */
class VirtualClockTest {
  private final VirtualClock clock = EngineClock.virtual(Instant.parse("2030-01-01T00:00:00Z"));
  private HatchetEngine engine;
  private TestClient client;

  @BeforeEach
  void start() {
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setClock(clock)
        .setHeartbeatTimeout(Duration.ofSeconds(30)).build());
    client = TestClient.connect(engine, engine.token());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    engine.close();
  }

  private static Timestamp at(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  @Test
  void theEngineStampsWithTheClockAndTimeOnlyMovesWhenAdvanced() {
    assertThat(engine.options().clock()).isSameAs(clock);
    client.register("stamp", task("stamp", "t"));
    String runId = client.trigger("stamp", "{}");
    assertThat(engine.run(engine.tenantId(), runId).orElseThrow().createdAt()).isEqualTo(clock.now());
    assertThat(clock.now()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));

    clock.advance(Duration.ofDays(400));
    assertThat(clock.now()).isEqualTo(Instant.parse("2031-02-05T00:00:00Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.advanceTo(Instant.parse("2030-06-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("back in time");
  }

  @Test
  void schedulesFireInTheOrderOfTheirTimesWithinOneAdvance() throws Exception {
    // Long enough a timeout that the tasks the test leaves running outlast the advances.
    client.register("ordered", task("ordered", "t").setTimeout("1h"));
    Instant start = clock.now();
    List<Instant> times = List.of(start.plusSeconds(300), start.plusSeconds(100), start.plusSeconds(200));
    List<String> scheduleIds = new ArrayList<>();
    for (Instant time : times) {
      scheduleIds.add(client.workflows.scheduleWorkflow(ScheduleWorkflowRequest.newBuilder().setName("ordered")
          .addSchedules(at(time)).setInput("{\"at\":\"" + time + "\"}").build()).getScheduledWorkflows(0).getId());
    }
    assertThat(clock.pendingTimers()).containsSubsequence(start.plusSeconds(100), start.plusSeconds(200),
        start.plusSeconds(300));
    assertThat(clock.nextTimer()).isPresent();

    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("ordered", "t"))) {
      clock.advance(Duration.ofSeconds(250));
      assertThat(engine.runs(engine.tenantId())).extracting(RunInfo::createdAt)
          .containsExactly(start.plusSeconds(200), start.plusSeconds(100));
      assertThat(worker.nextStart().getActionPayload()).contains(start.plusSeconds(100).toString());
      assertThat(worker.nextStart().getActionPayload()).contains(start.plusSeconds(200).toString());
      clock.advance(Duration.ofSeconds(50));
      assertThat(worker.nextStart().getActionPayload()).contains(start.plusSeconds(300).toString());
    }
  }

  @Test
  void aWorkerWithAnOpenStreamStaysAliveAcrossHoursButALostOneIsLostOnTheClock() throws Exception {
    client.register("long", task("long", "t").setTimeout("24h"));
    String action = TestClient.action("long", "t");
    try (TestWorker worker = TestWorker.start(client, 5, action)) {
      String runId = client.trigger("long", "{}");
      AssignedAction held = worker.nextStart();
      worker.started(held);

      // Far past the heartbeat timeout: the open listen stream keeps the worker, and its task.
      clock.advance(Duration.ofHours(10));
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.RUNNING);
      worker.assertNextStartIs(client.trigger("long", "{}"));

      Instant lostAt = clock.now().plusSeconds(30);
      worker.disconnect();
      TestClient.awaitTimer(clock, lostAt);
      try (TestWorker survivor = TestWorker.start(client, 5, action)) {
        clock.advanceTo(lostAt.minusMillis(1));
        assertThat(client.details(runId).getStatus()).as("not lost yet").isEqualTo(RunStatus.RUNNING);
        clock.advance(Duration.ofMillis(1));
        AssignedAction moved = survivor.nextStart();
        assertThat(moved.getTaskRunExternalId()).isEqualTo(held.getTaskRunExternalId());
      }
    }
  }

  @Test
  void timersFireInOrderEachAtItsOwnTimeAndAClosedSetIsDropped() {
    VirtualClock bare = EngineClock.virtual(Instant.EPOCH);
    List<String> fired = new ArrayList<>();
    AtomicInteger settles = new AtomicInteger();
    EngineTime.Timers timers = bare.time().open(() -> {
      settles.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    });
    timers.schedule(Duration.ofSeconds(3), () -> fired.add("3s at " + bare.now().getEpochSecond()));
    timers.schedule(Duration.ofSeconds(1), () -> {
      fired.add("1s at " + bare.now().getEpochSecond());
      // Set while the clock moves, due within the same advance: fires in it, at its own time.
      timers.schedule(Duration.ofSeconds(1), () -> fired.add("2s at " + bare.now().getEpochSecond()));
    });
    timers.schedule(Duration.ZERO, () -> fired.add("now"));
    assertThat(fired).as("a timer due now does not wait for the clock").containsExactly("now");

    bare.advance(Duration.ofSeconds(10));
    assertThat(fired).containsExactly("now", "1s at 1", "2s at 2", "3s at 3");
    assertThat(settles.get()).as("the engine was waited for after each timer").isGreaterThanOrEqualTo(3);
    assertThat(bare.now()).isEqualTo(Instant.ofEpochSecond(10));

    timers.schedule(Duration.ofSeconds(1), () -> fired.add("dropped"));
    assertThat(bare.pendingTimers()).containsExactly(Instant.ofEpochSecond(11));
    timers.close();
    assertThat(bare.pendingTimers()).isEmpty();
    timers.schedule(Duration.ZERO, () -> fired.add("after close"));
    bare.advance(Duration.ofSeconds(5));
    assertThat(fired).hasSize(4);
  }

  @Test
  void aRestartedEngineTakesUpTheSameClock() {
    engine.close();
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setClock(clock).build());
    clock.advance(Duration.ofMinutes(1)); // the closed engine's timers are gone; the new one answers
    assertThat(clock.now()).isEqualTo(Instant.parse("2030-01-01T00:01:00Z"));
  }
}
