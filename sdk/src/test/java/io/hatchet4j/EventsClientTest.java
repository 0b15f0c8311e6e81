package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.features.EventInfo;
import io.hatchet4j.features.EventQuery;
import io.hatchet4j.features.RunFilter;
import io.hatchet4j.features.TaskSummary;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hatchet.events()} end to end through the embedded engine. */
class EventsClientTest extends EngineTest {
  record Signup(String user) {}

  @Test
  void pushedEventsAreListedByKeyScopeAndMetadataAcrossPagesAndReadWithTheirRuns() throws Exception {
    Workflow<Signup, Signup> welcome = Workflow.builder("welcome", Signup.class).addEventTrigger("user:signup")
        .buildStandalone(Task.builder("welcome", Signup.class, Signup.class).setHandler((in, ctx) -> in).build());
    started(hatchet, worker("w", 2), welcome);
    List<BulkEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(BulkEvent.of("other:key", new Signup("u" + i)));
    }
    hatchet.bulkPush(events);
    PushedEvent signup = hatchet.push("user:signup", new Signup("ada"),
        PushOptions.builder().putAdditionalMetadata("source", "web").setScope("eu").build());

    EventQuery pagesOfTwo = EventQuery.builder().setPageSize(2).build();
    assertThat(hatchet.events().list(pagesOfTwo).toList()).hasSize(6);
    assertThat(hatchet.events().list(EventQuery.builder().addKey("user:signup").build()).toList())
        .extracting(EventInfo::id).containsExactly(signup.id());
    assertThat(hatchet.events().list(EventQuery.builder().addScope("eu").build()).toList()).hasSize(1);
    assertThat(hatchet.events().list(EventQuery.builder().putAdditionalMetadata("source", "web").build()).toList())
        .hasSize(1);
    assertThat(hatchet.events().list(EventQuery.builder().addWorkflow(welcome).build()).toList())
        .extracting(EventInfo::id).containsExactly(signup.id());

    EventInfo read = hatchet.events().get(signup.id());
    assertThat(read.key()).isEqualTo("user:signup");
    assertThat(read.scope()).isEqualTo("eu");
    assertThat(read.payload().as(Signup.class)).isEqualTo(new Signup("ada"));
    assertThat(read.additionalMetadata()).containsEntry("source", "web");
    assertThat(read.triggeredRunIds()).hasSize(1);
    String runId = read.triggeredRunIds().get(0);
    hatchet.runRef(runId, welcome).await(Duration.ofSeconds(20));
    assertThat(hatchet.events().get(signup.id()).runCounts().succeeded()).isEqualTo(1);
    assertThat(hatchet.runs().list(RunFilter.builder().setTriggeringEventId(signup.id()).build()).toList())
        .extracting(TaskSummary::workflowRunId).containsExactly(runId);
  }
}
