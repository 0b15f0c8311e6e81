package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.HatchetConfig;
import io.hatchet4j.Tokens;
import io.hatchet4j.proto.v1.Concurrency;
import io.hatchet4j.proto.v1.ConcurrencyLimitStrategy;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.workflow.ConcurrencyExpression;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Concurrency limits go on the wire as the Python SDK sends them. */
class ConcurrencyWireTest {
  record In(String group) {}

  private static final HatchetConfig CONFIG =
      HatchetConfig.builder().setEnvironment(Map.of()).setToken(Tokens.standard()).build();

  private static Task.Builder<In, In> task(String name) {
    return Task.builder(name, In.class, In.class).setHandler((in, ctx) -> in);
  }

  @Test
  void oneWorkflowLimitGoesInTheSingleFieldWithEveryValueSet() {
    Workflow<In, ?> workflow = Workflow.builder("wf", In.class)
        .addConcurrency(ConcurrencyExpression.of("input.group"))
        .addTask(task("t").build())
        .build();

    CreateWorkflowVersionRequest request = WorkflowRegistration.toProto(CONFIG, new ObjectMapper(), workflow);

    assertThat(request.hasConcurrency()).isTrue();
    assertThat(request.getConcurrency()).isEqualTo(Concurrency.newBuilder().setExpression("input.group")
        .setMaxRuns(1).setLimitStrategy(ConcurrencyLimitStrategy.CANCEL_IN_PROGRESS).build());
    assertThat(request.getConcurrencyArrList()).isEmpty();
    assertThat(request.getTasks(0).getConcurrencyList()).isEmpty();
  }

  @Test
  void severalWorkflowLimitsGoInTheListInOrder() {
    Workflow<In, ?> workflow = Workflow.builder("wf", In.class)
        .addConcurrency(ConcurrencyExpression.of("input.digit", 8,
            io.hatchet4j.workflow.ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN))
        .addConcurrency(ConcurrencyExpression.of("input.name", 3,
            io.hatchet4j.workflow.ConcurrencyLimitStrategy.CANCEL_NEWEST))
        .addTask(task("t").build())
        .build();

    CreateWorkflowVersionRequest request = WorkflowRegistration.toProto(CONFIG, new ObjectMapper(), workflow);

    assertThat(request.hasConcurrency()).isFalse();
    assertThat(request.getConcurrencyArrList()).extracting(Concurrency::getExpression, Concurrency::getMaxRuns,
        Concurrency::getLimitStrategy).containsExactly(
            org.assertj.core.groups.Tuple.tuple("input.digit", 8, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN),
            org.assertj.core.groups.Tuple.tuple("input.name", 3, ConcurrencyLimitStrategy.CANCEL_NEWEST));
  }

  @Test
  void taskLimitsGoOnTheirTask() {
    Task<In, In> limited = task("limited").addConcurrency(ConcurrencyExpression.constant(4)).build();
    Workflow<In, ?> workflow = Workflow.builder("wf", In.class).addTask(task("free").build()).addTask(limited).build();

    CreateWorkflowVersionRequest request = WorkflowRegistration.toProto(CONFIG, new ObjectMapper(), workflow);

    assertThat(request.hasConcurrency()).isFalse();
    assertThat(request.getTasks(0).getConcurrencyList()).isEmpty();
    assertThat(request.getTasks(1).getConcurrencyList()).containsExactly(Concurrency.newBuilder()
        .setExpression("'constant'").setMaxRuns(4).setLimitStrategy(ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN).build());
  }

  @Test
  void everyStrategyHasItsWireName() {
    for (io.hatchet4j.workflow.ConcurrencyLimitStrategy strategy : io.hatchet4j.workflow.ConcurrencyLimitStrategy.values()) {
      assertThat(ConcurrencyLimitStrategy.valueOf(strategy.name())).isNotNull();
    }
  }
}
