package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.features.WorkerInfo;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hatchet.workers()} end to end through the embedded engine. */
class WorkersClientTest extends EngineTest {
  record In(String v) {}

  record Ran(String on) {}

  @Test
  void aPausedWorkerIsListedAsPausedAndGetsNoNewTasksUntilUnpaused() {
    Workflow<In, Ran> where = Workflow.standalone(Task.builder("where", In.class, Ran.class)
        .setHandler((in, ctx) -> new Ran(ctx.workerId())).build());
    Worker paused = started(hatchet, worker("paused-one", 2), where);
    Worker active = started(fixture.client(), worker("active-one", 2), where);
    String pausedId = paused.id().orElseThrow();
    String activeId = active.id().orElseThrow();

    WorkerInfo info = hatchet.workers().pause(pausedId);

    assertThat(info.status()).isEqualTo(WorkerInfo.Status.PAUSED);
    assertThat(hatchet.workers().isPaused(pausedId)).isTrue();
    assertThat(hatchet.workers().list()).extracting(WorkerInfo::name).containsExactlyInAnyOrder("paused-one", "active-one");
    List<String> ranOn = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ranOn.add(hatchet.run(where, new In("x")).on());
    }
    assertThat(ranOn).as("every run went to the active worker").containsOnly(activeId);

    assertThat(hatchet.workers().unpause(pausedId).status()).isEqualTo(WorkerInfo.Status.ACTIVE);
    active.close();
    assertThat(hatchet.run(where, new In("y")).on()).isEqualTo(pausedId);
    WorkerInfo read = hatchet.workers().get(pausedId);
    assertThat(read.name()).isEqualTo("paused-one");
    assertThat(read.maxRuns()).isEqualTo(2);
    assertThat(read.actions()).containsExactly("where:where");
  }
}
