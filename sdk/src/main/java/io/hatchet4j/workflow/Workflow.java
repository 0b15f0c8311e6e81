package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.Priority;
import io.hatchet4j.StickyStrategy;
import io.hatchet4j.internal.EngineRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A named workflow: its tasks, what triggers it, and the type of its input and result.
 *
 * <p>Immutable and shareable: a worker {@linkplain io.hatchet4j.worker.Worker#register registers}
 * it, a client {@linkplain io.hatchet4j.Hatchet#run runs} it. Three shapes:
 *
 * <ul>
 *   <li>{@link #standalone(Task)}: one task; a run's result is that task's output ({@code O}).
 *   <li>{@link #builder(String, Class)}: a DAG of tasks; a run's result is a {@link WorkflowResult}.
 *   <li>{@link #reference(String, Class, Class)}: a workflow defined elsewhere (another service,
 *       another language), which this process only triggers.
 * </ul>
 *
 * <pre>{@code
 * Workflow<Order, WorkflowResult> checkout =
 *     Workflow.builder("checkout", Order.class).addTask(validate).addTask(charge).build();
 * Receipt receipt = hatchet.run(checkout, order).output(charge);
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public final class Workflow<I, O> {

  private final String name;
  private final String description;
  private final String version;
  private final Class<I> inputType;
  private final Class<O> resultType;
  private final boolean standalone;
  private final List<Task<I, ?>> tasks;
  private final List<String> eventTriggers;
  private final List<String> cronTriggers;
  private final Priority defaultPriority;
  private final StickyStrategy sticky;

  private Workflow(
      Builder<I> builder, Class<O> resultType, boolean standalone, List<Task<I, ?>> tasks) {
    this.name = builder.name;
    this.description = builder.description;
    this.version = builder.version;
    this.inputType = builder.inputType;
    this.resultType = resultType;
    this.standalone = standalone;
    this.tasks = tasks;
    this.eventTriggers = List.copyOf(builder.eventTriggers);
    this.cronTriggers = List.copyOf(builder.cronTriggers);
    this.defaultPriority = builder.defaultPriority;
    this.sticky = builder.sticky;
  }

  /** Starts a workflow definition whose runs take {@code inputType}. */
  public static <I> Builder<I> builder(String name, Class<I> inputType) {
    return new Builder<>(name, inputType);
  }

  /** A workflow of one task, named after it, whose result is the task's output. */
  public static <I, O> Workflow<I, O> standalone(Task<I, O> task) {
    return builder(task.name(), task.inputType()).buildStandalone(task);
  }

  /**
   * A workflow defined elsewhere, for triggering only, whose result is converted to {@code
   * resultType}: from the single task's output when the run has one task, else from the map of
   * outputs by task name.
   */
  public static <I, O> Workflow<I, O> reference(String name, Class<I> inputType, Class<O> resultType) {
    requireNonNull(resultType, "resultType");
    return new Workflow<>(builder(name, inputType), resultType, true, List.of());
  }

  /** A multi-task workflow defined elsewhere, for triggering only. */
  public static <I> Workflow<I, WorkflowResult> reference(String name, Class<I> inputType) {
    return new Workflow<>(builder(name, inputType), WorkflowResult.class, false, List.of());
  }

  /** The name, without the client's namespace. */
  public String name() {
    return name;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  public Class<I> inputType() {
    return inputType;
  }

  /** The type a run's result is converted to: a task's output type, or {@link WorkflowResult}. */
  public Class<O> resultType() {
    return resultType;
  }

  /** Whether a run's result is a single task's output rather than a {@link WorkflowResult}. */
  public boolean isStandalone() {
    return standalone;
  }

  /** Whether this only names a workflow defined elsewhere, and so cannot be registered. */
  public boolean isReference() {
    return tasks.isEmpty();
  }

  /** The tasks, parents before children. */
  public List<Task<I, ?>> tasks() {
    return tasks;
  }

  /** The task named {@code taskName}, if this workflow has it. */
  public Optional<Task<I, ?>> task(String taskName) {
    return tasks.stream().filter(task -> task.name().equals(taskName)).findFirst();
  }

  /** Event keys that start a run of this workflow, the event's payload being the input. */
  public List<String> eventTriggers() {
    return eventTriggers;
  }

  /** Cron expressions on which the engine starts a run. */
  public List<String> cronTriggers() {
    return cronTriggers;
  }

  /** The priority of runs that do not name one. */
  public Optional<Priority> defaultPriority() {
    return Optional.ofNullable(defaultPriority);
  }

  /** How strongly its tasks stay on one worker; absent when they go to any worker. */
  public Optional<StickyStrategy> sticky() {
    return Optional.ofNullable(sticky);
  }

  @Override
  public String toString() {
    return "Workflow{" + name + ", tasks=" + tasks + "}";
  }

  /**
   * Builds a {@link Workflow}. Not thread-safe.
   *
   * @param <I> the input type
   */
  public static final class Builder<I> {
    private final String name;
    private final Class<I> inputType;
    private final List<Task<I, ?>> tasks = new ArrayList<>();
    private final Set<String> eventTriggers = new LinkedHashSet<>();
    private final Set<String> cronTriggers = new LinkedHashSet<>();
    private String description;
    private String version;
    private Priority defaultPriority;
    private StickyStrategy sticky;

    private Builder(String name, Class<I> inputType) {
      this.name = Names.requireValid(name, "workflow name");
      this.inputType = requireNonNull(inputType, "inputType");
    }

    /** Adds a task; its parents are added too if they are not already. */
    public Builder<I> addTask(Task<I, ?> task) {
      tasks.add(requireNonNull(task, "task"));
      return this;
    }

    public Builder<I> setDescription(String description) {
      this.description = requireNonNull(description, "description");
      return this;
    }

    public Builder<I> setVersion(String version) {
      this.version = requireNonNull(version, "version");
      return this;
    }

    /** Starts a run whenever an event with this key is pushed. */
    public Builder<I> addEventTrigger(String eventKey) {
      requireNonNull(eventKey, "eventKey");
      if (eventKey.isBlank()) {
        throw new IllegalArgumentException("event key must not be blank");
      }
      eventTriggers.add(eventKey);
      return this;
    }

    /**
     * Starts a run on this cron schedule (five fields, or six with leading seconds; UTC).
     *
     * @throws IllegalArgumentException for a macro such as {@code @daily} or another number of fields
     */
    public Builder<I> addCronTrigger(String expression) {
      cronTriggers.add(EngineRules.requireCron(expression));
      return this;
    }

    /** The priority of runs that name none; the engine's default is {@link Priority#LOW}. */
    public Builder<I> setDefaultPriority(Priority priority) {
      this.defaultPriority = requireNonNull(priority, "priority");
      return this;
    }

    /**
     * Keeps each task on the worker that ran its parent (and a {@linkplain
     * io.hatchet4j.TriggerOptions.Builder#setSticky sticky child} on its parent's worker): {@link
     * StickyStrategy#SOFT} prefers that worker, {@link StickyStrategy#HARD} waits for it. Desired
     * worker labels are not used by a sticky workflow, as in the engine.
     */
    public Builder<I> setSticky(StickyStrategy sticky) {
      this.sticky = requireNonNull(sticky, "sticky");
      return this;
    }

    /**
     * Builds a multi-task workflow.
     *
     * @throws IllegalStateException if it has no task or two tasks share a name
     */
    public Workflow<I, WorkflowResult> build() {
      return new Workflow<>(this, WorkflowResult.class, false, checkedTasks());
    }

    /** Builds a workflow of {@code task} alone, whose result is the task's output. */
    public <O> Workflow<I, O> buildStandalone(Task<I, O> task) {
      if (!tasks.isEmpty()) {
        throw new IllegalStateException("a standalone workflow has exactly one task");
      }
      if (!task.parents().isEmpty()) {
        throw new IllegalStateException("a standalone task cannot have parents");
      }
      tasks.add(task);
      return new Workflow<>(this, task.outputType(), true, checkedTasks());
    }

    private List<Task<I, ?>> checkedTasks() {
      if (tasks.isEmpty()) {
        throw new IllegalStateException("workflow " + name + " has no tasks");
      }
      List<Task<I, ?>> ordered = Task.topologicalOrder(tasks);
      for (Task<I, ?> task : ordered) {
        if (sticky != null && !task.desiredWorkerLabels().isEmpty()) {
          throw new IllegalStateException("workflow " + name + " is sticky, so the engine ignores the desired worker "
              + "labels of task " + task.name() + "; drop one or the other");
        }
      }
      Map<String, Task<I, ?>> byName = new HashMap<>();
      for (Task<I, ?> task : ordered) {
        Task<I, ?> previous = byName.putIfAbsent(task.name(), task);
        if (previous != null && previous != task) {
          throw new IllegalStateException(
              "workflow " + name + " has two different tasks named " + task.name());
        }
      }
      return ordered;
    }
  }
}
