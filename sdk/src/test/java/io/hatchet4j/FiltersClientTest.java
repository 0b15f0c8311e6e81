package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.features.EventFilter;
import io.hatchet4j.features.FilterUpdate;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hatchet.filters()} and declared filters, end to end through the embedded engine. */
class FiltersClientTest extends EngineTest {
  record Order(int amount) {}

  private static Workflow.Builder<Order> orders(String name) {
    return Workflow.builder(name, Order.class).addEventTrigger("order:placed");
  }

  private static Workflow<Order, Order> build(Workflow.Builder<Order> builder, String name) {
    return builder.buildStandalone(Task.builder(name, Order.class, Order.class).setHandler((in, ctx) -> in).build());
  }

  private int runsOf(PushedEvent event) {
    return hatchet.events().get(event.id()).triggeredRunIds().size();
  }

  private PushedEvent push(int amount, String scope) {
    PushOptions.Builder options = PushOptions.builder();
    if (scope != null) {
      options.setScope(scope);
    }
    return hatchet.push("order:placed", new Order(amount), options.build());
  }

  @Test
  void filtersAreCreatedReadUpdatedAndDeletedAndDecideWhichEventsStartRuns() {
    Workflow<Order, Order> big = build(orders("big-orders"), "big-orders");
    started(hatchet, worker("w", 2), big);
    assertThat(runsOf(push(1, null))).as("without filters every event runs").isEqualTo(1);

    EventFilter filter = hatchet.filters().create(big, "input.amount > payload.min", "shop-1", Map.of("min", 100));

    assertThat(filter.workflowId()).isEqualTo(hatchet.workflows().id(big));
    assertThat(filter.payload().as(Map.class)).containsEntry("min", 100);
    assertThat(filter.declarative()).isFalse();
    assertThat(hatchet.filters().get(filter.id())).isEqualTo(filter);
    assertThat(hatchet.filters().list(big).toList()).containsExactly(filter);
    assertThat(runsOf(push(500, "shop-1"))).isEqualTo(1);
    assertThat(runsOf(push(50, "shop-1"))).isZero();
    assertThat(runsOf(push(500, null))).as("the workflow has filters, the event no scope").isZero();

    EventFilter updated = hatchet.filters().update(filter.id(), FilterUpdate.builder().setPayload(Map.of("min", 10)).build());
    assertThat(updated.expression()).isEqualTo(filter.expression());
    assertThat(runsOf(push(50, "shop-1"))).isEqualTo(1);
    hatchet.filters().create(big, "true", "shop-1", null);
    assertThat(runsOf(push(50, "shop-1"))).as("one run per passing filter").isEqualTo(2);
    assertThat(hatchet.filters().list(List.of(), List.of("shop-1")).toList()).hasSize(2);

    assertThat(hatchet.filters().delete(filter.id()).id()).isEqualTo(filter.id());
    assertThatThrownBy(() -> hatchet.filters().get(filter.id()))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    assertThatThrownBy(() -> hatchet.filters().create("not-a-uuid", "true", "s", null))
        .isInstanceOfSatisfying(EngineException.class, e -> {
          assertThat(e.code()).isEqualTo("INVALID_ARGUMENT");
          assertThat(e.getMessage()).contains("workflow id is not a valid uuid");
        });
  }

  @Test
  void aWorkflowsDeclaredFiltersAreRegisteredWithItAndListedAsDeclarative() {
    Workflow<Order, Order> vip = build(orders("vip-orders").addDefaultFilter("input.amount > payload.min", "vip",
        Map.of("min", 1000)), "vip-orders");
    started(hatchet, worker("w", 2), vip);

    List<EventFilter> filters = hatchet.filters().list(vip).toList();

    assertThat(filters).singleElement().satisfies(f -> {
      assertThat(f.declarative()).isTrue();
      assertThat(f.scope()).isEqualTo("vip");
      assertThat(f.payload().as(Map.class)).containsEntry("min", 1000);
    });
    assertThat(runsOf(push(5000, "vip"))).isEqualTo(1);
    assertThat(runsOf(push(50, "vip"))).isZero();
  }
}
