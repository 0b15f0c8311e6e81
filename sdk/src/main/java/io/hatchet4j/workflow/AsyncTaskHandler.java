package io.hatchet4j.workflow;

import java.util.concurrent.CompletionStage;

/**
 * The body of a task that completes later: returns at once with a stage that completes with the
 * task's output, so that a run waiting on I/O holds no thread.
 *
 * <p>Called on a worker thread, one call per attempt. The slot stays taken until the stage
 * completes. A stage that completes exceptionally fails the attempt as a thrown exception would
 * ({@link io.hatchet4j.NonRetryableException} fails the run at once). When the run is cancelled the
 * stage's {@code CompletableFuture} is cancelled (with interruption); {@link
 * TaskContext#onCancel} tells other resources.
 *
 * <pre>{@code
 * Task<Order, Receipt> charge =
 *     Task.builder("charge", Order.class, Receipt.class)
 *         .setAsyncHandler((order, ctx) -> payments.chargeAsync(order))
 *         .build();
 * }</pre>
 *
 * <p>Interceptors see the call return the stage, not the output: an interceptor's span of the
 * task ends when the handler returns.
 *
 * @param <I> the workflow input type
 * @param <O> the task output type
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncTaskHandler<I, O> {
  CompletionStage<O> run(I input, TaskContext context) throws Exception;
}
