package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.features.LogLine;
import io.hatchet4j.features.LogQuery;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hatchet.logs()} end to end through the embedded engine. */
class LogsClientTest extends EngineTest {
  record In(int lines) {}

  record Out(String taskRunId) {}

  @Test
  void aTasksLogLinesAreReadBackSearchedAndLimited() {
    Workflow<In, Out> chatty = Workflow.standalone(Task.builder("chatty", In.class, Out.class)
        .setHandler((in, ctx) -> {
          for (int i = 1; i <= in.lines(); i++) {
            ctx.log("line " + i);
          }
          return new Out(ctx.taskRunId());
        }).build());
    started(hatchet, worker("w", 1), chatty);
    String taskRunId = hatchet.run(chatty, new In(5)).taskRunId();

    List<LogLine> lines = hatchet.logs().list(taskRunId);

    // The worker sends a task's lines in order and reports its outcome only after them, so they are
    // all stored, in order, by the time the run's result arrives.
    assertThat(lines).extracting(LogLine::message)
        .containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
    assertThat(lines.get(0).attempt()).isEqualTo(1);
    assertThat(hatchet.logs().list(taskRunId, LogQuery.builder().setSearch("line 3").build()))
        .extracting(LogLine::message).containsExactly("line 3");
    assertThat(hatchet.logs().list(taskRunId, LogQuery.builder().setLimit(2).setNewestFirst(true).build()))
        .containsExactly(lines.get(4), lines.get(3));
  }
}
