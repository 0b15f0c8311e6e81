package io.hatchet4j.workflow;

/**
 * The body of a task: turns the workflow run's input into the task's output.
 *
 * <p>Called on a worker thread, one call per attempt. Throw to fail the attempt (the engine retries
 * it if the task has retries left); throw {@link io.hatchet4j.NonRetryableException} to fail the
 * run at once. The output must serialize to a JSON object; {@code null} is sent as {@code {}}.
 *
 * @param <I> the workflow input type
 * @param <O> the task output type
 */
@FunctionalInterface
public interface TaskHandler<I, O> {
  O run(I input, TaskContext context) throws Exception;
}
