package io.hatchet4j.interceptor;

/**
 * The engine's order to stop a task that runs on this worker.
 *
 * @param action the cancellation as the engine sent it (its payload is empty)
 * @param running whether the task was running here when the order arrived
 */
public record TaskCancellation(ActionInfo action, boolean running) {}
