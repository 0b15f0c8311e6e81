/**
 * The run engine: workflows, runs, tasks, workers and the scheduler that assigns tasks to workers.
 * Not public API: may change without notice.
 *
 * <p>All state lives on one scheduler thread owned by {@link
 * io.hatchet4j.engine.internal.runs.Orchestrator}; the protocol layers only post commands to it and
 * wait on futures, so state changes never race. The loop survives whatever one command throws.
 *
 * <p>The Orchestrator calls {@code Scheduler}, a facade over package-private parts with one concern
 * each: {@code RunTable} (live state), {@code TaskMachine} (task and run transitions),
 * {@code Assignment} with its {@code AssignmentGate}s (queue, worker choice, slots),
 * {@code TaskTimers}, {@code WorkerRegistry}, {@code RunLauncher}, {@code EventIngest},
 * {@code ReadModel}, {@code TaskLogs}, {@code Catalog}, {@code Triggers} and {@code DurableLog}.
 * Parts take time, deferred work and timers from {@code Effects}, so tests drive them on a fake
 * clock.
 */
package io.hatchet4j.engine.internal.runs;
