package io.hatchet4j.internal;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.workflow.TaskContext;

/** Lets tests read what the engine delivered with an assignment. */
public final class TestAccess {
  private TestAccess() {}

  public static ActionInfo action(TaskContext context) {
    return ((RealTaskContext) context).action();
  }
}
