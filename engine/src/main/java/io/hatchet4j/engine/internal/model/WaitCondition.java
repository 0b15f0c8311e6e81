package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * One condition of a durable wait, and whether it has held. Not public API.
 *
 * <p>Conditions with the same {@code orGroupId} are alternatives; a wait completes when every group
 * has one condition that held.
 *
 * @param readableDataKey the key its data is reported under
 * @param action what the condition does when it holds, {@code CREATE} for waits
 * @param sleepFor the sleep's duration in Go notation, for SLEEP
 * @param eventKey the user event key, for USER_EVENT
 * @param expression an optional CEL filter on the event payload, for USER_EVENT
 * @param deadlineMs when the sleep ends, for SLEEP: fixed when the wait is first recorded
 * @param data the JSON reported for it once it held, else null
 */
public record WaitCondition(
    Kind kind,
    String readableDataKey,
    String action,
    String orGroupId,
    @Nullable String sleepFor,
    @Nullable String eventKey,
    @Nullable String expression,
    @Nullable Long deadlineMs,
    @Nullable String data) {

  /** What a condition waits for. */
  public enum Kind {
    SLEEP,
    USER_EVENT
  }

  public WaitCondition withData(String newData) {
    return new WaitCondition(kind, readableDataKey, action, orGroupId, sleepFor, eventKey, expression, deadlineMs, newData);
  }

  public WaitCondition withDeadline(long newDeadlineMs) {
    return new WaitCondition(kind, readableDataKey, action, orGroupId, sleepFor, eventKey, expression, newDeadlineMs, data);
  }
}
