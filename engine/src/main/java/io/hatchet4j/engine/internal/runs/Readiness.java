package io.hatchet4j.engine.internal.runs;

/**
 * Whether the engine can serve, and if not, why. Not public API.
 *
 * @param ready whether the scheduler loop runs and answers
 * @param detail {@code ok}, or what is wrong
 */
public record Readiness(boolean ready, String detail) {}
