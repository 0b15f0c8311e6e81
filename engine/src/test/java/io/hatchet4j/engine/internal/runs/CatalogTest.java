package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.model.EventFilter;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The definition checks of the catalog: cycles at any depth, expression limits. */
class CatalogTest {
  @Test
  void aChainOf5000TasksHasNoCycle() {
    WorkflowSpec chain = Harness.chain("long", 5000);
    assertThat(Catalog.findCycle(byName(chain.tasks()))).isEmpty();
    assertThat(new Catalog().prepare(Harness.TENANT, chain, 0).spec().tasks()).hasSize(5000);
  }

  @Test
  void aCycleAtTheEndOfALongChainIsFoundAndNamed() {
    List<TaskSpec> tasks = new ArrayList<>(Harness.chain("long", 3000).tasks());
    tasks.set(0, task("t0", "t2999"));

    List<String> cycle = Catalog.findCycle(byName(tasks));

    assertThat(cycle).hasSize(3001);
    assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
  }

  @Test
  void aShortCycleIsReportedAsAPath() {
    assertThatThrownBy(() -> new Catalog().prepare(Harness.TENANT,
        workflow("loop", List.of(task("a", "c"), task("b", "a"), task("c", "b"), task("d"))), 0))
        .isInstanceOf(EngineException.class)
        .hasMessage("workflow 'loop' has a dependency cycle: a -> c -> b -> a");
  }

  @Test
  void anEventFilterNestedTooDeeplyIsRefusedNamingTheLimit() {
    String nested = "(".repeat(2000) + "true" + ")".repeat(2000);
    WorkflowSpec spec = new WorkflowSpec("f", "", "", List.of("k"), List.of(), null, List.of(task("t")), null, null,
        null, List.of(), List.of(new EventFilter(nested, "s", null)));

    assertThatThrownBy(() -> new Catalog().prepare(Harness.TENANT, spec, 0))
        .isInstanceOf(EngineException.class)
        .hasMessage("workflow 'f': event filter: expression nests deeper than 64 levels");
  }

  private static Map<String, TaskSpec> byName(List<TaskSpec> tasks) {
    Map<String, TaskSpec> byName = new LinkedHashMap<>();
    tasks.forEach(t -> byName.put(t.readableId(), t));
    return byName;
  }
}
