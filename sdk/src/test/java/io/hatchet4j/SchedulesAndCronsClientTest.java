package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.features.BulkResult;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code hatchet.schedules()} and {@code hatchet.crons()} beyond create/list/delete. */
class SchedulesAndCronsClientTest extends EngineTest {
  record Job(String name) {}

  private Workflow<Job, Job> recording(String name, List<String> sink, Workflow.Builder<Job> builder) {
    return builder.buildStandalone(Task.builder(name, Job.class, Job.class)
        .setHandler((job, ctx) -> {
          sink.add(job.name());
          return job;
        }).build());
  }

  @Test
  void scheduledRunsAreReadMovedAndDeletedOneByOneAndInBulk() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Workflow<Job, Job> later = recording("later", ran, Workflow.builder("later", Job.class));
    started(hatchet, worker("w", 2), later);
    Instant now = fixture.clock.now();
    ScheduledRun a = hatchet.schedule(later, now.plusSeconds(60), new Job("a"));
    ScheduledRun b = hatchet.schedule(later, now.plusSeconds(60), new Job("b"));
    ScheduledRun c = hatchet.schedule(later, now.plusSeconds(60), new Job("c"),
        TriggerOptions.builder().putAdditionalMetadata("batch", "x").build());
    ScheduledRun d = hatchet.schedule(later, now.plusSeconds(60), new Job("d"));

    assertThat(hatchet.schedules().get(a.id())).isEqualTo(a);
    ScheduledRun moved = hatchet.schedules().update(a.id(), now.plusSeconds(5));
    assertThat(moved.triggerAt()).isEqualTo(now.plusSeconds(5));
    BulkResult deleted = hatchet.schedules().bulkDelete(List.of(b.id(), "00000000-0000-0000-0000-000000000000"));
    assertThat(deleted.succeeded()).containsExactly(b.id());
    assertThat(deleted.failed()).containsOnlyKeys("00000000-0000-0000-0000-000000000000");
    assertThat(hatchet.schedules().bulkDelete(later, Map.of("batch", "x")).succeeded()).containsExactly(c.id());
    assertThat(hatchet.schedules().bulkUpdate(Map.of(d.id(), now.plusSeconds(10))).succeeded()).containsExactly(d.id());
    assertThat(hatchet.schedules().list(later)).extracting(ScheduledRun::id).containsExactlyInAnyOrder(a.id(), d.id());

    fixture.clock.advance(Duration.ofSeconds(10));
    EngineFixture.await("the two remaining schedules", Duration.ofSeconds(15), () -> ran.size() == 2);
    assertThat(ran).containsExactlyInAnyOrder("a", "d");
    assertThatThrownBy(() -> hatchet.schedules().get(a.id()))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
  }

  @Test
  void aCronIsReadByIdAndADeclaredCronRunsWithTheDeclaredInput() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Workflow<Job, Job> nightly = recording("nightly", ran,
        Workflow.builder("nightly", Job.class).addCronTrigger("*/1 * * * * *").setCronInput(new Job("declared input")));
    started(hatchet, worker("w", 2), nightly);
    CronTrigger created = hatchet.crons().create(nightly, "hourly", "0 * * * *", new Job("api"), TriggerOptions.defaults());

    assertThat(hatchet.crons().get(created.id())).isEqualTo(created);
    fixture.clock.advance(Duration.ofSeconds(1));
    EngineFixture.await("the declared cron", Duration.ofSeconds(15), () -> !ran.isEmpty());
    assertThat(ran.get(0)).isEqualTo("declared input");
  }
}
