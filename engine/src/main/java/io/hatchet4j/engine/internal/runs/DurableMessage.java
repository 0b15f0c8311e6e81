package io.hatchet4j.engine.internal.runs;

import java.util.List;
import javax.annotation.Nullable;

/**
 * What the engine tells a worker on its durable task stream. Not public API.
 *
 * @param payload for ENTRY_COMPLETED, the completion report (JSON)
 * @param message for ERROR and SERVER_EVICT, what went wrong
 * @param nondeterminism for ERROR, whether a replay asked for something other than what the event
 *     log holds at that point
 * @param failure for ENTRY_COMPLETED, whether the entry failed ({@code message} says why)
 * @param memoExisted for MEMO_ACK, whether the memo was already recorded ({@code payload} holds its
 *     bytes in base64, if complete)
 * @param runEntries for TRIGGER_RUNS_ACK, the entry and run of each child, in request order
 */
public record DurableMessage(
    Type type,
    String taskRunId,
    int invocationCount,
    long branchId,
    long nodeId,
    @Nullable String payload,
    @Nullable String message,
    boolean nondeterminism,
    boolean failure,
    boolean memoExisted,
    List<RunEntry> runEntries) {

  public DurableMessage {
    runEntries = List.copyOf(runEntries);
  }

  /** A child run started through the durable stream, and its entry. */
  public record RunEntry(long nodeId, String workflowRunId) {}

  /** The kind of message, as in the protocol's {@code DurableTaskResponse}. */
  public enum Type {
    WAIT_FOR_ACK,
    ENTRY_COMPLETED,
    ERROR,
    EVICTION_ACK,
    SERVER_EVICT,
    MEMO_ACK,
    TRIGGER_RUNS_ACK
  }

  /** A message with only a reference (acks, evictions) and maybe a message text. */
  static DurableMessage simple(Type type, String taskRunId, int invocation, long nodeId, @Nullable String message) {
    return new DurableMessage(type, taskRunId, invocation, DurableLog.BRANCH, nodeId, null, message, false, false, false,
        List.of());
  }

  static DurableMessage error(String taskRunId, int invocation, long nodeId, String message, boolean nondeterminism) {
    return new DurableMessage(Type.ERROR, taskRunId, invocation, DurableLog.BRANCH, nodeId, null, message, nondeterminism,
        false, false, List.of());
  }
}
