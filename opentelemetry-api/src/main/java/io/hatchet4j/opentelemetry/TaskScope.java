package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ImplicitContextKeyed;

/**
 * The task attempt a {@link Context} belongs to: the {@code hatchet.*} attributes that spans
 * started in it receive, and the ids that events pushed from it carry.
 *
 * <p>Kept in the {@code Context} the task's handler runs in, never in a thread-local, so it ends
 * with the task's scope and reaches exactly the threads the context is handed to.
 */
record TaskScope(Attributes attributes, String workflowRunId, String taskRunId) implements ImplicitContextKeyed {

  private static final ContextKey<TaskScope> KEY = ContextKey.named("hatchet4j-task");

  /** The task attempt {@code context} belongs to, or null. */
  static TaskScope from(Context context) {
    return context.get(KEY);
  }

  @Override
  public Context storeInContext(Context context) {
    return context.with(KEY, this);
  }
}
