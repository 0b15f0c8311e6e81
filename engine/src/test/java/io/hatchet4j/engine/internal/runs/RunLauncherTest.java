package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.EventFilter;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting runs by trigger and by event. */
class RunLauncherTest {
  private final Harness h = new Harness();

  @Test
  void oneBadSpecInABulkTriggerCreatesNothing() {
    h.put(workflow("one", List.of(task("t"))));

    assertThatThrownBy(() -> h.scheduler.trigger(TENANT, List.of(
        TriggerSpec.of("one", "{}"), TriggerSpec.of("one", "[1]"))))
        .isInstanceOf(EngineException.class)
        .hasMessage("workflow run #2: input must be a JSON object");

    assertThat(h.runs()).isEmpty();
  }

  @Test
  void aChildWithTheSameKeyUnderTheSameParentTaskIsTheSameRun() {
    h.put(workflow("parent", List.of(task("spawn"))));
    h.put(workflow("child", List.of(task("work"))));
    Harness.FakeWorker worker = h.worker(5, "spawn");
    String parentRun = h.trigger("parent");
    String parentTask = worker.lastStart().taskRunId();
    TriggerSpec child = new TriggerSpec("child", "{}", "{\"own\":1}", parentRun, parentTask, null, "k", null, null);

    String first = h.scheduler.trigger(TENANT, List.of(child)).get(0);
    String again = h.scheduler.trigger(TENANT, List.of(child)).get(0);

    assertThat(again).isEqualTo(first);
    assertThat(Json.parseObjectOrNull(h.run(first).additionalMetadata()).get("hatchet__parent_step_run_id").asText())
        .isEqualTo(parentTask);
  }

  @Test
  void anEventStartsAFilteredWorkflowOnlyIfAFilterOfItsScopeHolds() {
    WorkflowSpec filtered = new WorkflowSpec("filtered", "", "", List.of("order:paid"), List.of(), null,
        List.of(task("t")), null, null, null, List.of(),
        List.of(new EventFilter("input.cents > payload.min", "shop", "{\"min\":100}")));
    h.put(filtered);

    EventRecord cheap = push("shop", "{\"cents\":50}");
    EventRecord dear = push("shop", "{\"cents\":500}");
    EventRecord unscoped = push(null, "{\"cents\":50}");
    EventRecord otherScope = push("elsewhere", "{\"cents\":50}");

    assertThat(cheap.triggeredRunIds()).isEmpty();
    assertThat(dear.triggeredRunIds()).hasSize(1);
    // As upstream: a workflow with filters runs only for events of a scope whose filter holds.
    assertThat(unscoped.triggeredRunIds()).isEmpty();
    assertThat(otherScope.triggeredRunIds()).isEmpty();
    assertThat(Json.parseObjectOrNull(h.run(dear.triggeredRunIds().get(0)).additionalMetadata())
        .get("hatchet__event_id").asText()).isEqualTo(dear.id());
  }

  private EventRecord push(String scope, String payload) {
    EventRecord event = h.scheduler.pushEvents(TENANT, List.of(new EventSpec("order:paid", payload, null, null, scope)))
        .get(0);
    h.settle();
    return event;
  }
}
