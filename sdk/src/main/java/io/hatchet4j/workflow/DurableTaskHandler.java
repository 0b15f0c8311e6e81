package io.hatchet4j.workflow;

/**
 * The body of a durable task: like {@link TaskHandler}, with a {@link DurableContext} that can
 * wait durably.
 *
 * <p>A durable task may run more than once for one attempt (after a worker restart it runs again
 * from the start, and waits that already began resume where they were), so the code before and
 * between waits must be deterministic and side effects idempotent.
 */
@FunctionalInterface
public interface DurableTaskHandler<I, O> {
  O run(I input, DurableContext context) throws Exception;
}
