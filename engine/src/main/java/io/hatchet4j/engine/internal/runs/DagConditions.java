package io.hatchet4j.engine.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.TaskCondition;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a pending DAG task starts, and whether it runs at all: its parents and its {@code wait_for},
 * {@code skip_if} and {@code cancel_if} conditions, evaluated as upstream's match conditions are.
 *
 * <p>Confined to the scheduler thread. Two stages, as upstream:
 * <ol>
 *   <li>The parent stage ({@link ParentStage}): per parent, its completion satisfies a QUEUE group,
 *       its completion with output {@code skipped == true} a SKIP group, its failure or
 *       cancellation the shared CANCEL group; parent-override conditions replace or add to these.
 *       It depends only on the parents' final states, so it is evaluated again whenever a parent
 *       finishes. A task without parents skips this stage.
 *   <li>The wait stage, once the parent stage queues the task: its sleep and user-event
 *       conditions, registered at that moment (sleeps count from then; only events pushed after it
 *       count). A task without such conditions is queued at once.
 * </ol>
 * In either stage an action fires when every OR group of that action has a condition that held;
 * if several fire together, SKIP wins over CANCEL over QUEUE. A skipped task completes with output
 * {@code {"skipped": true}} without running; a cancelled one takes its dependants along.
 *
 * <p>Wait stages are not stored: after a restart they are registered again, with sleeps counted
 * from when the task's parents finished (the run's creation for a root task); events that had
 * held before the restart must be pushed again.
 */
final class DagConditions {
  private static final Logger log = LoggerFactory.getLogger(DagConditions.class);
  /** What condition expressions may name, as upstream's boolean CEL environment. */
  static final Set<String> VARIABLES = Set.of("input", "output");
  /** Compiled expressions kept at hand; definitions usually share a few. */
  static final int MAX_CACHED_EXPRESSIONS = 1024;
  /** Upstream's precedence among actions that fire at the same evaluation. */
  private static final List<String> PRECEDENCE = List.of(TaskCondition.SKIP, TaskCondition.CANCEL, TaskCondition.QUEUE);

  /** What a fired action does to its task; the scheduler's state machine. */
  interface Outcomes {
    void queue(TaskState task);

    /** Completes the task without running it, with output {@code {"skipped": true}}. */
    void skip(TaskState task);

    void cancel(TaskState task, String reason);
  }

  /** A task's wait stage: its sleep and user-event conditions, and which have held. */
  private static final class Wait {
    final TaskState task;
    final List<TaskCondition> conditions;
    final boolean[] held;
    final long startMs;
    /** The task's attempt number when it began waiting; a replay starts a new one. */
    final int attempt;

    Wait(TaskState task, List<TaskCondition> conditions, long startMs) {
      this.task = task;
      this.conditions = conditions;
      this.held = new boolean[conditions.size()];
      this.startMs = startMs;
      this.attempt = task.retryCount;
    }
  }

  private final Effects effects;
  private final Outcomes outcomes;
  /** Wait stages by task run id. */
  private final Map<String, Wait> waits = new LinkedHashMap<>();
  /** Compiled expressions; empty for one that does not compile, which never holds. */
  private final Map<String, Optional<CelExpression>> expressions = new HashMap<>();

  DagConditions(Effects effects, Outcomes outcomes) {
    this.effects = effects;
    this.outcomes = outcomes;
  }

  /**
   * Decides what happens to a pending task now: nothing yet, skip, cancel, queue, or the start of
   * its wait stage, counted from {@code sinceMs}. Called when the task is created and whenever
   * one of its parents finishes.
   */
  void evaluate(TaskState task, long sinceMs) {
    if (task.status != TaskStatus.PENDING || live(task.id) != null) {
      return;
    }
    String action = task.spec.parents().isEmpty() ? TaskCondition.QUEUE : new ParentStage(task, this).action();
    if (action == null) {
      return;
    }
    switch (action) {
      case TaskCondition.SKIP -> outcomes.skip(task);
      case TaskCondition.CANCEL -> outcomes.cancel(task, cancelIfHeld(task));
      default -> startWait(task, sinceMs);
    }
  }

  /** Registers again the stages of pending tasks loaded after a restart. */
  void load(List<TaskState> tasks) {
    for (TaskState task : tasks) {
      if (task.status != TaskStatus.PENDING || task.onFailure) {
        continue;
      }
      long since = task.createdAtMs;
      boolean parentsFinished = true;
      for (String parent : task.spec.parents()) {
        TaskState p = task.run.tasks.get(parent);
        parentsFinished &= p != null && p.status.isTerminal();
        if (p != null && p.finishedAtMs != null) {
          since = Math.max(since, p.finishedAtMs);
        }
      }
      if (parentsFinished) {
        evaluate(task, since);
      }
    }
  }

  private void startWait(TaskState task, long sinceMs) {
    List<TaskCondition> conditions = task.spec.conditions().stream()
        .filter(c -> c.kind() != TaskCondition.Kind.PARENT_OVERRIDE)
        .toList();
    if (conditions.isEmpty()) {
      outcomes.queue(task);
      return;
    }
    Wait wait = new Wait(task, conditions, sinceMs);
    waits.put(task.id, wait);
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i).kind() == TaskCondition.Kind.SLEEP) {
        long delay = Math.max(0, deadline(wait, i) - effects.nowMs());
        effects.schedule(Duration.ofMillis(delay), () -> sleepElapsed(task.id));
      }
    }
  }

  /** When the i-th condition, a sleep, holds; a duration that does not parse never does. */
  private static long deadline(Wait wait, int i) {
    try {
      Duration sleep = Durations.parse(wait.conditions.get(i).sleepFor(), "sleep_for");
      return wait.startMs + Math.max(0, sleep.toMillis());
    } catch (EngineException e) {
      return Long.MAX_VALUE;
    }
  }

  private void sleepElapsed(String taskRunId) {
    Wait wait = live(taskRunId);
    if (wait == null) {
      return;
    }
    long now = effects.nowMs();
    for (int i = 0; i < wait.conditions.size(); i++) {
      if (wait.conditions.get(i).kind() == TaskCondition.Kind.SLEEP && deadline(wait, i) <= now) {
        wait.held[i] = true;
      }
    }
    decide(wait);
  }

  /**
   * A pushed user event: the conditions waiting for its key whose expression holds on its payload.
   * The run an event starts does not see that event, as upstream registers its matches after it.
   */
  void onEvent(EventRecord event) {
    if (waits.isEmpty()) {
      return;
    }
    Map<String, JsonNode> variables = null;
    for (String taskRunId : new ArrayList<>(waits.keySet())) {
      Wait wait = live(taskRunId);
      if (wait == null || !wait.task.tenantId().equals(event.tenantId())
          || event.id().equals(wait.task.run.triggeringEventId)) {
        continue;
      }
      boolean changed = false;
      for (int i = 0; i < wait.conditions.size(); i++) {
        TaskCondition c = wait.conditions.get(i);
        if (c.kind() == TaskCondition.Kind.USER_EVENT && !wait.held[i] && event.key().equals(c.eventKey())) {
          if (variables == null) {
            variables = Map.of("input", Json.parseTrusted(event.payload()), "output", Json.newObject());
          }
          if (holds(c.expression(), variables)) {
            wait.held[i] = true;
            changed = true;
          }
        }
      }
      if (changed) {
        decide(wait);
      }
    }
  }

  /**
   * The wait stage of a task that still waits; forgets the stage of one that finished meanwhile
   * (cancelled with its run, say), or was replayed since.
   */
  private Wait live(String taskRunId) {
    Wait wait = waits.get(taskRunId);
    if (wait != null && (wait.task.status != TaskStatus.PENDING || wait.task.retryCount != wait.attempt)) {
      waits.remove(taskRunId);
      return null;
    }
    return wait;
  }

  private void decide(Wait wait) {
    Map<String, Map<String, Boolean>> groups = new HashMap<>();
    for (int i = 0; i < wait.conditions.size(); i++) {
      TaskCondition c = wait.conditions.get(i);
      groups.computeIfAbsent(c.action(), k -> new HashMap<>()).merge(c.orGroupId(), wait.held[i], Boolean::logicalOr);
    }
    String action = firing(groups);
    if (action == null) {
      return;
    }
    waits.remove(wait.task.id);
    switch (action) {
      case TaskCondition.SKIP -> outcomes.skip(wait.task);
      case TaskCondition.CANCEL -> outcomes.cancel(wait.task, cancelIfHeld(wait.task));
      default -> outcomes.queue(wait.task);
    }
  }

  private static String cancelIfHeld(TaskState task) {
    return TaskMachine.CANCELLED_UNRUN + "a cancel_if condition of task '" + task.readableId() + "' held";
  }

  /** The action to fire: the first by precedence that has groups, all of which held. */
  static String firing(Map<String, Map<String, Boolean>> groupsByAction) {
    for (String action : PRECEDENCE) {
      Map<String, Boolean> groups = groupsByAction.get(action);
      if (groups != null && !groups.isEmpty() && !groups.containsValue(Boolean.FALSE)) {
        return action;
      }
    }
    return null;
  }

  /** Whether an expression holds for these variables; none means true, one that does not compile never holds. */
  boolean holds(String expression, Map<String, JsonNode> variables) {
    if (expression == null) {
      return true;
    }
    Optional<CelExpression> compiled = expressions.get(expression);
    if (compiled == null) {
      try {
        compiled = Optional.of(CelExpression.compile(expression, VARIABLES));
      } catch (EngineException e) {
        log.debug("condition expression '{}' never holds: {}", expression, e.getMessage());
        compiled = Optional.empty();
      }
      if (expressions.size() >= MAX_CACHED_EXPRESSIONS) {
        expressions.clear();
      }
      expressions.put(expression, compiled);
    }
    return compiled.isPresent() && compiled.get().matches(variables);
  }
}
