package io.hatchet4j.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hatchet4j.Hatchet;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.time.Duration;

/**
 * DAG conditions, after the official SDKs' conditions example: tasks that wait for a sleep or an
 * event before they run, skip themselves on a parent's output or an event, or cancel the rest of
 * the run.
 */
public final class DagConditions {
  private DagConditions() {}

  /** The number the first task returns; the branches below depend on it. */
  public record Seed(int number) {}

  public record StepOutput(@JsonProperty("random_number") int randomNumber) {}

  public record Sum(int sum) {}

  public static final Task<Seed, StepOutput> START =
      Task.builder("start", Seed.class, StepOutput.class)
          .setHandler((seed, ctx) -> new StepOutput(seed.number()))
          .build();

  /** Runs ten seconds after {@code start} completes. */
  public static final Task<Seed, StepOutput> WAIT_FOR_SLEEP =
      Task.builder("wait_for_sleep", Seed.class, StepOutput.class)
          .addParent(START)
          .waitFor(Condition.sleep(Duration.ofSeconds(10)))
          .setHandler((seed, ctx) -> new StepOutput(seed.number() + 1))
          .build();

  /** Skipped as soon as {@code start} returns a positive number, whatever {@code wait_for_sleep} does. */
  public static final Task<Seed, StepOutput> SKIP_WITH_MULTIPLE_PARENTS =
      Task.builder("skip_with_multiple_parents", Seed.class, StepOutput.class)
          .addParents(START, WAIT_FOR_SLEEP)
          .skipIf(Condition.parentOutput(START, "output.random_number > 0"))
          .setHandler((seed, ctx) -> new StepOutput(0))
          .build();

  /** Waits thirty seconds after {@code start}, unless the event {@code skip_on_event:skip} skips it first. */
  public static final Task<Seed, StepOutput> SKIP_ON_EVENT =
      Task.builder("skip_on_event", Seed.class, StepOutput.class)
          .addParent(START)
          .waitFor(Condition.sleep(Duration.ofSeconds(30)))
          .skipIf(Condition.userEvent("skip_on_event:skip"))
          .setHandler((seed, ctx) -> new StepOutput(seed.number() + 2))
          .build();

  /** One of the two branches runs: the other is skipped on {@code wait_for_sleep}'s output. */
  public static final Task<Seed, StepOutput> LEFT_BRANCH =
      Task.builder("left_branch", Seed.class, StepOutput.class)
          .addParent(WAIT_FOR_SLEEP)
          .skipIf(Condition.parentOutput(WAIT_FOR_SLEEP, "output.random_number > 50"))
          .setHandler((seed, ctx) -> new StepOutput(seed.number() + 3))
          .build();

  public static final Task<Seed, StepOutput> RIGHT_BRANCH =
      Task.builder("right_branch", Seed.class, StepOutput.class)
          .addParent(WAIT_FOR_SLEEP)
          .skipIf(Condition.parentOutput(WAIT_FOR_SLEEP, "output.random_number <= 50"))
          .setHandler((seed, ctx) -> new StepOutput(seed.number() + 4))
          .build();

  /** Runs on the event {@code wait_for_event:start}, or after a minute without it. */
  public static final Task<Seed, StepOutput> WAIT_FOR_EVENT =
      Task.builder("wait_for_event", Seed.class, StepOutput.class)
          .addParent(START)
          .waitFor(Condition.anyOf(Condition.sleep(Duration.ofMinutes(1)), Condition.userEvent("wait_for_event:start")))
          .setHandler((seed, ctx) -> new StepOutput(seed.number() + 5))
          .build();

  /** Adds up what ran, reading skipped parents as zero. */
  public static final Task<Seed, Sum> SUM =
      Task.builder("sum", Seed.class, Sum.class)
          .addParents(START, WAIT_FOR_SLEEP, WAIT_FOR_EVENT, SKIP_ON_EVENT, LEFT_BRANCH, RIGHT_BRANCH)
          .setHandler((seed, ctx) -> new Sum(ctx.parentOutput(START).randomNumber()
              + ctx.parentOutput(WAIT_FOR_EVENT).randomNumber()
              + ctx.parentOutput(WAIT_FOR_SLEEP).randomNumber()
              + unlessSkipped(ctx, SKIP_ON_EVENT)
              + unlessSkipped(ctx, LEFT_BRANCH)
              + unlessSkipped(ctx, RIGHT_BRANCH)))
          .build();

  private static int unlessSkipped(TaskContext ctx, Task<Seed, StepOutput> parent) {
    return ctx.wasSkipped(parent) ? 0 : ctx.parentOutput(parent).randomNumber();
  }

  public static final Workflow<Seed, WorkflowResult> TASK_CONDITIONS =
      Workflow.builder("TaskConditionWorkflow", Seed.class)
          .addTask(SKIP_WITH_MULTIPLE_PARENTS)
          .addTask(SUM)
          .build();

  public static final Task<Seed, StepOutput> START_CANCEL_IF =
      Task.builder("start_cancel_if", Seed.class, StepOutput.class)
          .setHandler((seed, ctx) -> new StepOutput(2))
          .build();

  /** Cancelled when its parent returns more than 1; the run ends cancelled and downstream never runs. */
  public static final Task<Seed, StepOutput> CANCEL_IF =
      Task.builder("cancel_if", Seed.class, StepOutput.class)
          .addParent(START_CANCEL_IF)
          .cancelIf(Condition.parentOutput(START_CANCEL_IF, "output.random_number > 1"))
          .setHandler((seed, ctx) -> new StepOutput(3))
          .build();

  public static final Workflow<Seed, WorkflowResult> CANCEL_IF_WORKFLOW =
      Workflow.builder("CancelIfWorkflow", Seed.class)
          .addTask(Task.builder("downstream_skip", Seed.class, StepOutput.class)
              .addParent(CANCEL_IF)
              .setHandler((seed, ctx) -> new StepOutput(3))
              .build())
          .build();

  /** Waits for an event, but is skipped if twelve seconds pass first. */
  public static final Task<Seed, StepOutput> SIS_TARGET =
      Task.builder("sis_target", Seed.class, StepOutput.class)
          .waitFor(Condition.userEvent("skip_if_sleep:proceed"))
          .skipIf(Condition.sleep(Duration.ofSeconds(12)))
          .setHandler((seed, ctx) -> new StepOutput(2))
          .build();

  public static final Workflow<Seed, WorkflowResult> SKIP_IF_SLEEP_WORKFLOW =
      Workflow.builder("SkipIfSleepWorkflow", Seed.class)
          .addTask(Task.builder("sis_start", Seed.class, StepOutput.class)
              .setHandler((seed, ctx) -> new StepOutput(1))
              .build())
          .addTask(SIS_TARGET)
          .build();

  /** Waits for an event, but is cancelled by another event or after eight seconds, whichever comes first. */
  public static final Workflow<Seed, WorkflowResult> CANCEL_IF_OR_WORKFLOW =
      Workflow.builder("CancelIfOrGroupWorkflow", Seed.class)
          .addTask(Task.builder("cio_target", Seed.class, StepOutput.class)
              .waitFor(Condition.userEvent("cancel_if_or:proceed"))
              .cancelIf(Condition.anyOf(Condition.userEvent("cancel_if_or:abort"), Condition.sleep(Duration.ofSeconds(8))))
              .setHandler((seed, ctx) -> new StepOutput(2))
              .build())
          .build();

  public static void main(String[] args) {
    try (Hatchet hatchet = Hatchet.fromEnvironment();
        Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("dag-conditions").build())) {
      worker.register(TASK_CONDITIONS).start();
      // Without events, skip_on_event runs after 30 seconds and wait_for_event after a minute.
      System.out.println(hatchet.run(TASK_CONDITIONS, new Seed(42)).output(SUM));
    }
  }
}
