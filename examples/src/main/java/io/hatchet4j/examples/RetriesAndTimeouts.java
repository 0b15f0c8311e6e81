package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;

/**
 * Retries with backoff for a flaky dependency, and an execution timeout that cancels a task that
 * hangs.
 */
public final class RetriesAndTimeouts {
  private RetriesAndTimeouts() {}

  public record Request(String id, int failures) {}

  public record Response(String id, int attempts) {}

  /** Fails the first {@code failures} attempts, then succeeds. */
  public static final Workflow<Request, Response> FLAKY =
      Workflow.standalone(
          Task.builder("flaky-call", Request.class, Response.class)
              .setRetries(3)
              .setBackoff(2, 4)
              .setHandler(
                  (request, ctx) -> {
                    if (ctx.retryCount() < request.failures()) {
                      throw new IllegalStateException("upstream unavailable (attempt " + (ctx.retryCount() + 1) + ")");
                    }
                    return new Response(request.id(), ctx.retryCount() + 1);
                  })
              .build());

  /** Sleeps longer than its timeout allows; the engine cancels it and the run fails. */
  public static final Workflow<Request, Response> HANGS =
      Workflow.standalone(
          Task.builder("hangs", Request.class, Response.class)
              .setExecutionTimeout(Duration.ofSeconds(2))
              .setHandler(
                  (request, ctx) -> {
                    Thread.sleep(Duration.ofMinutes(1).toMillis());
                    return new Response(request.id(), 1);
                  })
              .build());

  public static void main(String[] args) {
    try (Hatchet hatchet = Hatchet.fromEnvironment();
        Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("retries").build())) {
      worker.register(FLAKY).register(HANGS).start();
      System.out.println(hatchet.run(FLAKY, new Request("r-1", 2)));
      try {
        hatchet.run(HANGS, new Request("r-2", 0));
      } catch (RunFailedException e) {
        System.out.println("timed out as expected: " + e.taskError("hangs").lines().findFirst().orElse(""));
      }
    }
  }
}
