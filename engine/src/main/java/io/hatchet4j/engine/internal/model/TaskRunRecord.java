package io.hatchet4j.engine.internal.model;

import java.util.List;
import javax.annotation.Nullable;

/**
 * One task of a workflow run, with its current attempt. Not public API.
 *
 * @param retryCount the current attempt's number, 0 first; it also grows when a task moves off a
 *     dead worker, so events from the old attempt are recognised as stale
 * @param appRetries how many of the definition's retries failures have used up
 * @param attempts how many times it was sent to a worker
 * @param onFailure whether this is the workflow's on-failure task
 * @param invocationCount how many times a durable task was sent to a worker (0 for other tasks);
 *     its replays are told apart by it
 * @param evicted whether a durable task was taken off its worker while it waits, to be queued
 *     again when a wait completes
 * @param concurrencyKeys its key under each concurrency strategy, evaluated when it was first
 *     queued; null if its definition declares none (or it was stored before keys were kept)
 * @param concurrencyAdmitted whether it holds its place under every concurrency strategy, taken
 *     back without a new decision after a restart
 */
public record TaskRunRecord(
    String id,
    String workflowRunId,
    String tenantId,
    String readableId,
    boolean onFailure,
    TaskStatus status,
    int retryCount,
    int appRetries,
    int attempts,
    @Nullable String output,
    @Nullable String error,
    @Nullable String workerId,
    long createdAtMs,
    @Nullable Long queuedAtMs,
    @Nullable Long startedAtMs,
    @Nullable Long finishedAtMs,
    int invocationCount,
    boolean evicted,
    @Nullable List<String> concurrencyKeys,
    boolean concurrencyAdmitted) {

  public TaskRunRecord {
    concurrencyKeys = concurrencyKeys == null ? null : List.copyOf(concurrencyKeys);
  }
}
