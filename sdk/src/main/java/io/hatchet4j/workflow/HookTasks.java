package io.hatchet4j.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The on-failure and on-success tasks of a workflow: their rules, and how on-success joins the DAG. */
final class HookTasks {
  private HookTasks() {}

  /** Refuses a second hook task of a kind, as the official SDKs do. */
  static void requireNone(String workflow, String kind, Task<?, ?> existing) {
    if (existing != null) {
      throw new IllegalStateException("workflow " + workflow + " already has an " + kind + " task ("
          + existing.name() + "); only one is allowed");
    }
  }

  /** Refuses a hook task with parents or conditions, or named like one of the workflow's tasks. */
  static void requireStandalone(String workflow, String kind, Task<?, ?> hook, List<? extends Task<?, ?>> tasks) {
    if (hook == null) {
      return;
    }
    String where = "workflow " + workflow + ": the " + kind + " task " + hook.name();
    if (!hook.parents().isEmpty()) {
      throw new IllegalStateException(where + " cannot have parents; the engine decides when it runs");
    }
    if (hook.hasConditions()) {
      throw new IllegalStateException(where + " cannot have waitFor, skipIf or cancelIf conditions");
    }
    for (Task<?, ?> task : tasks) {
      if (task == hook || task.name().equals(hook.name())) {
        throw new IllegalStateException(where + " is also one of its tasks; give it its own name");
      }
    }
  }

  /** The tasks followed by {@code onSuccess}, made to depend on every leaf (as the official SDKs do). */
  static <I> List<Task<I, ?>> withOnSuccess(List<Task<I, ?>> tasks, Task<I, ?> onSuccess) {
    Set<String> hasChildren = new HashSet<>();
    for (Task<I, ?> task : tasks) {
      task.parents().forEach(p -> hasChildren.add(p.name()));
    }
    List<Task<I, ?>> leaves = tasks.stream().filter(t -> !hasChildren.contains(t.name())).toList();
    List<Task<I, ?>> all = new ArrayList<>(tasks);
    all.add(onSuccess.withParents(leaves));
    return List.copyOf(all);
  }
}
