package io.hatchet4j.worker;

import java.time.Duration;

/**
 * What a worker is doing and has done since it started: a snapshot, for health checks, metrics and
 * autoscaling on slot use.
 *
 * @param slots the slots the worker offers the engine
 * @param slotsInUse slots holding an assigned task run, whether its handler runs yet or not
 * @param tasksRunning task runs whose handler is running
 * @param tasksCompleted attempts that completed
 * @param tasksFailed attempts that failed (each failed attempt counts, retried or not)
 * @param tasksRetried attempts started that were retries of an earlier one
 * @param tasksCancelled attempts cancelled by the engine or handed back at shutdown
 * @param queueWait the total time assigned task runs waited on this worker before their handler
 *     started
 * @param queueWaitCount how many waits {@code queueWait} adds up
 * @since 0.1.0
 */
public record WorkerStats(
    int slots,
    int slotsInUse,
    int tasksRunning,
    long tasksCompleted,
    long tasksFailed,
    long tasksRetried,
    long tasksCancelled,
    Duration queueWait,
    long queueWaitCount) {}
