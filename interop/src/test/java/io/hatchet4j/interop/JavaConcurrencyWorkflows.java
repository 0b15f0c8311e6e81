package io.hatchet4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.workflow.ConcurrencyExpression;
import io.hatchet4j.workflow.ConcurrencyLimitStrategy;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Java side's copy of the peers' concurrency workflows ({@code interop/python/concurrency_workflows.py}):
 * tasks that hold until the test {@linkplain #release releases} their input's token.
 */
final class JavaConcurrencyWorkflows {
  private static final Map<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();

  /** concurrency_cancel_in_progress: one workflow-level limit on a two-step workflow. */
  static final Workflow<JsonNode, ?> CANCEL_IN_PROGRESS;

  static {
    Task<JsonNode, JsonNode> step1 = Task.builder("step1", JsonNode.class, JsonNode.class)
        .setHandler((input, ctx) -> hold(input, ctx))
        .build();
    CANCEL_IN_PROGRESS = Workflow.builder("java-conc-cip", JsonNode.class)
        .addConcurrency(ConcurrencyExpression.of("input.group", 1, ConcurrencyLimitStrategy.CANCEL_IN_PROGRESS))
        .addTask(step1)
        .addTask(Task.builder("step2", JsonNode.class, JsonNode.class).addParent(step1)
            .setHandler((input, ctx) -> InteropEngine.JSON.createObjectNode().put("lang", "java").put("done", true))
            .build())
        .build();
  }

  /** concurrency_cancel_newest_task_level: a task-level limit. */
  static final Workflow<JsonNode, JsonNode> CANCEL_NEWEST = holding("java-conc-newest",
      ConcurrencyExpression.of("input.group", 1, ConcurrencyLimitStrategy.CANCEL_NEWEST));

  /** Group round robin with two runs per key. */
  static final Workflow<JsonNode, JsonNode> ROUND_ROBIN = holding("java-conc-rr",
      ConcurrencyExpression.of("input.group", 2, ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN));

  /** Served by the Python worker too, declared there as {@code concurrency=1}. */
  static final Workflow<JsonNode, JsonNode> SHARED = holding("conc-shared", ConcurrencyExpression.constant(1));

  static final List<Workflow<?, ?>> ALL = List.of(CANCEL_IN_PROGRESS, CANCEL_NEWEST, ROUND_ROBIN, SHARED);

  private JavaConcurrencyWorkflows() {}

  /** Lets the Java tasks holding this token finish. */
  static void release(String token) {
    latch(token).countDown();
  }

  private static Workflow<JsonNode, JsonNode> holding(String name, ConcurrencyExpression limit) {
    return Workflow.standalone(Task.builder(name, JsonNode.class, JsonNode.class)
        .addConcurrency(limit)
        .setExecutionTimeout(Duration.ofMinutes(2))
        .setHandler(JavaConcurrencyWorkflows::hold)
        .build());
  }

  /** Holds until the token is released; a cancellation interrupts the wait. */
  private static JsonNode hold(JsonNode input, TaskContext ctx) throws InterruptedException {
    String token = input.path("token").asText();
    latch(token).await(2, TimeUnit.MINUTES);
    return InteropEngine.JSON.createObjectNode().put("lang", "java").put("token", token);
  }

  private static CountDownLatch latch(String token) {
    return RELEASES.computeIfAbsent(token, t -> new CountDownLatch(1));
  }
}
