package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * One condition of a DAG task ({@code CreateTaskOpts.conditions}), as registered. Not public API.
 *
 * <p>Conditions of one action sharing an {@code orGroupId} are alternatives; the action fires when
 * every one of its groups has a condition that held.
 *
 * @param kind what the condition waits for
 * @param readableDataKey the key its data is reported under; the parent's readable id for
 *     {@link Kind#PARENT_OVERRIDE}
 * @param action {@code QUEUE}, {@code SKIP} or {@code CANCEL}
 * @param orGroupId its OR group, a fresh id when the SDK sent none
 * @param sleepFor the sleep's duration in Go notation, for {@link Kind#SLEEP}
 * @param eventKey the user event key, for {@link Kind#USER_EVENT}
 * @param parentReadableId the parent whose output it reads, for {@link Kind#PARENT_OVERRIDE}
 * @param expression a CEL filter over {@code input} and {@code output}, or null for true; always
 *     null for {@link Kind#SLEEP}
 */
public record TaskCondition(
    Kind kind,
    String readableDataKey,
    String action,
    String orGroupId,
    @Nullable String sleepFor,
    @Nullable String eventKey,
    @Nullable String parentReadableId,
    @Nullable String expression) {

  /** What a condition waits for. */
  public enum Kind {
    SLEEP,
    USER_EVENT,
    PARENT_OVERRIDE
  }

  public static final String QUEUE = "QUEUE";
  public static final String SKIP = "SKIP";
  public static final String CANCEL = "CANCEL";
}
