package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.util.Map;

/**
 * On-failure and on-success tasks, after the official SDKs' examples: cleanup that runs when a
 * task fails, with the failure at hand, and a final step that runs only when everything succeeded.
 */
public final class OnFailureAndSuccess {
  private OnFailureAndSuccess() {}

  public static final String ERROR_TEXT = "step1 failed";

  /** Whether the first task should fail. */
  public record Job(boolean fail) {}

  public record Status(String status, String error) {}

  public static final Task<Job, Status> STEP1 =
      Task.builder("step1", Job.class, Status.class)
          .setHandler((job, ctx) -> {
            if (job.fail()) {
              throw new IllegalStateException(ERROR_TEXT);
            }
            return new Status("ok", null);
          })
          .build();

  /** Runs after {@code step1} fails, with its error. */
  public static final Task<Job, Status> ON_FAILURE =
      Task.builder("on_failure", Job.class, Status.class)
          .setHandler((job, ctx) -> new Status("cleaned up", ctx.taskRunErrors().get(STEP1.name())))
          .build();

  public static final Task<Job, Status> STEP2 =
      Task.builder("step2", Job.class, Status.class)
          .addParent(STEP1)
          .setHandler((job, ctx) -> new Status("ok", null))
          .build();

  public static final Task<Job, Status> STEP3 =
      Task.builder("step3", Job.class, Status.class)
          .setHandler((job, ctx) -> new Status("ok", null))
          .build();

  /** Runs once {@code step2} and {@code step3}, the workflow's leaves, both completed. */
  public static final Task<Job, Status> ON_SUCCESS =
      Task.builder("on_success", Job.class, Status.class)
          .setHandler((job, ctx) -> new Status("all done", null))
          .build();

  public static final Workflow<Job, WorkflowResult> WORKFLOW =
      Workflow.builder("OnFailureAndSuccessWorkflow", Job.class)
          .addTask(STEP2)
          .addTask(STEP3)
          .onFailure(ON_FAILURE)
          .onSuccess(ON_SUCCESS)
          .build();

  public static void main(String[] args) {
    try (Hatchet hatchet = Hatchet.fromEnvironment();
        Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("on-failure-and-success").build())) {
      worker.register(WORKFLOW).start();
      System.out.println(hatchet.run(WORKFLOW, new Job(false)).output(ON_SUCCESS));
      try {
        hatchet.run(WORKFLOW, new Job(true));
      } catch (RunFailedException e) {
        System.out.println(Map.of("failed", e.taskErrors().keySet())); // on_failure ran meanwhile
      }
    }
  }
}
