/**
 * The run engine: workflows, runs, tasks, workers and the scheduler that assigns tasks to workers.
 * Not public API: may change without notice.
 *
 * <p>All state lives on one scheduler thread owned by {@link
 * io.hatchet4j.engine.internal.runs.Orchestrator}; the protocol layers only post commands to it and
 * wait on futures, so state changes never race.
 */
package io.hatchet4j.engine.internal.runs;
