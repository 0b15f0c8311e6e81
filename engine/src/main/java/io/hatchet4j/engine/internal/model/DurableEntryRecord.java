package io.hatchet4j.engine.internal.model;

import java.util.List;
import javax.annotation.Nullable;

/**
 * One entry of a durable task run's event log: a wait, in the order the task made it. Kept across
 * worker and engine restarts, so a task that runs again finds its earlier waits. Not public API.
 *
 * @param nodeId 1 for the task's first wait, then counting up (branch 1)
 * @param kind what made the entry; a replay must make the same kind at the same node
 * @param payload the completion report once complete: for a wait {@code {"CREATE": {<key>:
 *     [<data>]}}}, for a child run its outputs by task name, for a memo the memoized bytes in base64
 * @param memoKey for a memo, its key in base64
 * @param childRunId for a child run, the run it started
 * @param failure whether it completed as a failure (a child run that failed or was cancelled)
 */
public record DurableEntryRecord(
    String taskRunId,
    String tenantId,
    long branchId,
    long nodeId,
    String kind,
    @Nullable String label,
    List<WaitCondition> conditions,
    long createdAtMs,
    @Nullable Long completedAtMs,
    @Nullable String payload,
    @Nullable String memoKey,
    @Nullable String childRunId,
    boolean failure,
    @Nullable String errorMessage) {

  public static final String WAIT_FOR = "WAIT_FOR";
  public static final String MEMO = "MEMO";
  public static final String RUN = "RUN";

  public DurableEntryRecord {
    conditions = List.copyOf(conditions);
  }

  public boolean isComplete() {
    return completedAtMs != null;
  }

  /** This entry completed at {@code atMs} with a payload, or as a failure with an error. */
  public DurableEntryRecord completed(long atMs, @Nullable String newPayload, boolean isFailure, @Nullable String error) {
    return new DurableEntryRecord(taskRunId, tenantId, branchId, nodeId, kind, label, conditions, createdAtMs, atMs,
        newPayload, memoKey, childRunId, isFailure, error);
  }

  public DurableEntryRecord withConditions(List<WaitCondition> newConditions) {
    return new DurableEntryRecord(taskRunId, tenantId, branchId, nodeId, kind, label, newConditions, createdAtMs,
        completedAtMs, payload, memoKey, childRunId, failure, errorMessage);
  }

  /** The store key: one task's entries are a key range, in node order. */
  public String key() {
    return key(taskRunId, nodeId);
  }

  public static String key(String taskRunId, long nodeId) {
    return taskRunId + "/" + String.format("%016x", nodeId);
  }
}
