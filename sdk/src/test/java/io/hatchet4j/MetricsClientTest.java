package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.features.RunFilter;
import io.hatchet4j.features.TaskMetrics;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hatchet.metrics()} end to end through the embedded engine. */
class MetricsClientTest extends EngineTest {
  record In(boolean fail) {}

  @Test
  void tasksAreCountedByStateAndQueuedTasksByQueue() {
    Workflow<In, In> mixed = Workflow.standalone(Task.builder("mixed", In.class, In.class)
        .setHandler((in, ctx) -> {
          if (in.fail()) {
            throw new IllegalStateException("asked to fail");
          }
          return in;
        }).build());
    Workflow<In, In> unserved = Workflow.standalone(Task.builder("unserved", In.class, In.class)
        .setHandler((in, ctx) -> in).build());
    started(hatchet, worker("w", 2), mixed);
    // The worker of this one is paused: its runs wait in its queue.
    String idle = started(fixture.client(), worker("idle", 1), unserved).id().orElseThrow();
    hatchet.workers().pause(idle);
    hatchet.run(mixed, new In(false));
    hatchet.run(mixed, new In(false));
    assertThatThrownBy(() -> hatchet.run(mixed, new In(true))).isInstanceOf(RunFailedException.class);
    hatchet.runNoWait(unserved, new In(false));
    hatchet.runNoWait(unserved, new In(false));

    TaskMetrics all = hatchet.metrics().taskMetrics();
    TaskMetrics ofMixed = hatchet.metrics().taskMetrics(RunFilter.builder().addWorkflow(mixed).build());
    Map<String, Integer> queues = hatchet.metrics().queueMetrics();

    assertThat(all).isEqualTo(new TaskMetrics(2, 0, 2, 1, 0));
    assertThat(ofMixed).isEqualTo(new TaskMetrics(0, 0, 2, 1, 0));
    assertThat(queues).containsExactly(Map.entry("unserved:unserved", 2));
  }
}
