package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.features.WorkflowInfo;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hatchet.workflows()} end to end through the embedded engine. */
class WorkflowsClientTest extends EngineTest {
  record In(String v) {}

  private static Workflow<In, In> named(String name) {
    return Workflow.builder(name, In.class).setDescription("the " + name).setVersion("v2")
        .buildStandalone(Task.builder(name, In.class, In.class).setHandler((in, ctx) -> in).build());
  }

  @Test
  void workflowsAreListedAcrossPagesReadAndFoundByName() {
    List<Workflow<?, ?>> all = new ArrayList<>();
    for (int i = 0; i < 55; i++) {
      all.add(named("wf-" + i));
    }
    started(hatchet, worker("w", 1), all.toArray(Workflow[]::new));

    List<WorkflowInfo> listed = hatchet.workflows().list().toList();

    // More than one page of 50.
    assertThat(listed).hasSize(55).extracting(WorkflowInfo::name).doesNotHaveDuplicates();
    assertThat(hatchet.workflows().list("wf-1").toList()).extracting(WorkflowInfo::name)
        .contains("wf-1", "wf-10", "wf-19").doesNotContain("wf-2");
    WorkflowInfo found = hatchet.workflows().find(all.get(3)).orElseThrow();
    assertThat(found.name()).isEqualTo("wf-3");
    assertThat(found.description()).isEqualTo("the wf-3");
    assertThat(found.version()).isEqualTo("v2");
    assertThat(hatchet.workflows().get(found.id())).isEqualTo(found);
    assertThat(hatchet.workflows().id(all.get(3))).isEqualTo(found.id());
    assertThat(hatchet.workflows().find(named("never-registered"))).isEmpty();
  }

  @Test
  void aDeletedWorkflowIsGoneAndCannotBeRun() {
    Workflow<In, In> doomed = named("doomed");
    started(hatchet, worker("w", 1), doomed);
    String id = hatchet.workflows().id(doomed);

    hatchet.workflows().delete(doomed);

    assertThat(hatchet.workflows().find(doomed)).isEmpty();
    assertThatThrownBy(() -> hatchet.workflows().get(id))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    assertThatThrownBy(() -> hatchet.run(doomed, new In("x"))).isInstanceOf(EngineException.class);
  }
}
