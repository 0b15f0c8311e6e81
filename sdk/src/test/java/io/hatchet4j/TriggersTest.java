package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.EngineClock;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Schedules, crons and events, end to end through the embedded engine. */
class TriggersTest extends EngineTest {
  record Signup(String user) {}

  record Done(String by) {}

  private static Workflow<Signup, Done> recording(String name, List<String> sink, String... eventKeys) {
    Workflow.Builder<Signup> builder = Workflow.builder(name, Signup.class);
    for (String key : eventKeys) {
      builder.addEventTrigger(key);
    }
    return builder.buildStandalone(
        Task.builder(name, Signup.class, Done.class)
            .setHandler(
                (signup, ctx) -> {
                  sink.add(name + ":" + signup.user());
                  return new Done(name);
                })
            .build());
  }

  @Test
  void scheduledRunStartsAtItsTime() throws Exception {
    List<Instant> startedAt = new CopyOnWriteArrayList<>();
    Workflow<Signup, Done> later =
        Workflow.standalone(
            Task.builder("later", Signup.class, Done.class)
                .setHandler((signup, ctx) -> { startedAt.add(fixture.clock.now()); return new Done("later"); })
                .build());
    started(hatchet, worker("w", 2), later);

    Instant at = fixture.clock.now().plusSeconds(2);
    ScheduledRun scheduled = hatchet.schedule(later, at, new Signup("ada"));

    assertThat(scheduled.triggerAt()).isEqualTo(at);
    fixture.clock.advance(Duration.ofMillis(1999));
    assertThat(hatchet.schedules().list()).as("pending a millisecond before its time")
        .extracting(ScheduledRun::id).contains(scheduled.id());
    fixture.clock.advance(Duration.ofMillis(1));
    EngineFixture.await("the scheduled run", Duration.ofSeconds(15), () -> !startedAt.isEmpty());
    assertThat(startedAt).containsExactly(at);
  }

  @Test
  void deletedScheduleNeverRuns() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    Workflow<Signup, Done> later = recording("deleted-later", runs);
    started(hatchet, worker("w", 2), later);

    ScheduledRun scheduled = hatchet.schedule(later, fixture.clock.now().plusSeconds(1), new Signup("ada"));
    hatchet.schedules().delete(scheduled.id());
    ScheduledRun kept = hatchet.schedule(later, fixture.clock.now().plusSeconds(2), new Signup("lin"));
    fixture.clock.advance(Duration.ofSeconds(2));

    EngineFixture.await("the kept schedule", Duration.ofSeconds(15), () -> runs.contains("deleted-later:lin"));
    // Both times have passed and the engine has acted on them: only the kept schedule made a run.
    assertThat(fixture.engine.runs(fixture.engine.tenantId())).extracting(RunInfo::workflowName)
        .containsExactly("deleted-later");
    assertThat(runs).containsExactly("deleted-later:lin");
    assertThat(hatchet.schedules().list()).extracting(ScheduledRun::id).doesNotContain(scheduled.id(), kept.id());
  }

  @Test
  void scheduleInThePastRunsAtOnce() throws Exception {
    // The real engine accepts a time in the past and starts the run at once; so does ours.
    List<String> runs = new CopyOnWriteArrayList<>();
    Workflow<Signup, Done> late = recording("past", runs);
    started(hatchet, worker("w", 2), late);
    hatchet.schedule(late, fixture.clock.now().minusSeconds(60), new Signup("x"));
    EngineFixture.await("the overdue scheduled run", Duration.ofSeconds(15), () -> runs.contains("past:x"));
  }

  @Test
  void whatIsInThePastIsTheEnginesCall() throws Exception {
    // An engine whose clock is a day behind this one's: an hour from its now is in the past here.
    try (EngineFixture behind = new EngineFixture(EngineClock.virtual(Instant.now().minus(Duration.ofDays(1))))) {
      Hatchet client = behind.client();
      List<String> runs = new CopyOnWriteArrayList<>();
      Workflow<Signup, Done> later = recording("behind", runs);
      started(client, worker("w", 2), later);
      Instant at = behind.clock.now().plus(Duration.ofHours(1));
      assertThat(client.schedule(later, at, new Signup("ada")).triggerAt()).isEqualTo(at);
      behind.clock.advance(Duration.ofHours(1));
      EngineFixture.await("the scheduled run", Duration.ofSeconds(15), () -> runs.contains("behind:ada"));
    }
  }

  @Test
  void cronTriggersFire() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    // Six fields: the engine accepts a leading seconds field, so a test need not wait a minute.
    Workflow<Signup, Done> declared =
        Workflow.builder("cron-declared", Signup.class)
            .addCronTrigger("*/1 * * * * *")
            .buildStandalone(
                Task.builder("cron-declared", Signup.class, Done.class)
                    .setHandler((signup, ctx) -> { runs.add("declared"); return new Done("cron"); })
                    .build());
    Workflow<Signup, Done> created = recording("cron-created", runs);
    started(hatchet, worker("w", 4), declared, created);

    CronTrigger cron = hatchet.crons().create(created, "every-second", "*/1 * * * * *", new Signup("cron"), TriggerOptions.defaults());
    assertThat(hatchet.crons().list()).extracting(CronTrigger::id).contains(cron.id());
    fixture.clock.advance(Duration.ofSeconds(1));

    EngineFixture.await("both crons to fire", Duration.ofSeconds(15), () -> runs.contains("declared") && runs.contains("cron-created:cron"));
    hatchet.crons().delete(cron.id());
    assertThat(hatchet.crons().list()).extracting(CronTrigger::id).doesNotContain(cron.id());
  }

  @Test
  void eventStartsEveryWorkflowListeningForItAndNoOther() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    Workflow<Signup, Done> welcome = recording("welcome", runs, "user:created");
    Workflow<Signup, Done> audit = recording("audit", runs, "user:created", "user:deleted");
    Workflow<Signup, Done> cleanup = recording("cleanup", runs, "user:deleted");
    started(hatchet, worker("w", 4), welcome, audit, cleanup);

    PushedEvent event = hatchet.push("user:created", new Signup("ada"), PushOptions.builder().putAdditionalMetadata("source", "test").build());
    assertThat(event.id()).matches("[0-9a-f-]{36}");
    // A marker event pushed after it: once its run is done, the first event's runs were started too.
    hatchet.push("user:deleted", new Signup("marker"));

    EngineFixture.await("runs of both events", Duration.ofSeconds(15), () -> runs.size() >= 4);
    assertThat(runs).containsExactlyInAnyOrder("welcome:ada", "audit:ada", "audit:marker", "cleanup:marker");
  }

  @Test
  void bulkPushOfFiveHundredEventsStartsFiveHundredRuns() throws Exception {
    Set<String> users = ConcurrentHashMap.newKeySet();
    AtomicInteger runs = new AtomicInteger();
    Workflow<Signup, Done> onboard =
        Workflow.builder("onboard", Signup.class)
            .addEventTrigger("user:signed-up")
            .buildStandalone(
                Task.builder("onboard", Signup.class, Done.class)
                    .setHandler((signup, ctx) -> { users.add(signup.user()); runs.incrementAndGet(); return new Done("x"); })
                    .build());
    started(hatchet, worker("w", 50), onboard);

    List<BulkEvent> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      events.add(BulkEvent.of("user:signed-up", new Signup("user-" + i)));
    }
    List<PushedEvent> pushed = hatchet.bulkPush(events);

    assertThat(pushed).hasSize(500).extracting(PushedEvent::id).doesNotHaveDuplicates();
    EngineFixture.await("500 runs", Duration.ofSeconds(30), () -> users.size() == 500);
    assertThat(runs).hasValue(500);
  }

  @Test
  void malformedEventPayloadIsAClearError() {
    assertThatThrownBy(() -> hatchet.push("k", List.of(1, 2)))
        .isInstanceOf(HatchetException.class)
        .hasMessageContaining("event payload must serialize to a JSON object");
    assertThatThrownBy(() -> hatchet.push(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
