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
  private final Object cronInput;
  private final List<DefaultFilter> defaultFilters;
  private final List<ConcurrencyExpression> concurrency;
  private final Task<I, ?> onFailureTask;
  private final Task<I, ?> onSuccessTask;
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
    this.cronInput = builder.cronInput;
    this.defaultFilters = List.copyOf(builder.defaultFilters);
    this.concurrency = List.copyOf(builder.concurrency);
    this.onFailureTask = builder.onFailure;
    this.onSuccessTask = tasks.stream().filter(t -> builder.onSuccess != null && t.name().equals(builder.onSuccess.name()))
        .findFirst().orElse(null);
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
   * A workflow of one task, in one call: {@code name} names both, {@code handler} is the task's
   * body. For retries, timeouts and the rest, build the {@link Task} and use {@link
   * #standalone(Task)}.
   *
   * <pre>{@code
   * Workflow<Person, Greeting> greet =
   *     Workflow.standalone("greet", Person.class, Greeting.class, (person, ctx) -> new Greeting("Hello, " + person.name()));
   * }</pre>
   *
   * @since 0.1.0
   */
  public static <I, O> Workflow<I, O> standalone(
      String name, Class<I> inputType, Class<O> outputType, TaskHandler<I, O> handler) {
    return standalone(Task.builder(name, inputType, outputType).setHandler(handler).build());
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

  /**
   * The task that runs when a task of a run fails, as soon as the first one does; not among
   * {@link #tasks()}. It reads the failures with {@link TaskContext#taskRunErrors()}. The run
   * still ends failed.
   */
  public Optional<Task<I, ?>> onFailureTask() {
    return Optional.ofNullable(onFailureTask);
  }

  /**
   * The task that runs last when every task of a run succeeded: among {@link #tasks()}, with every
   * task no other task depends on as its parents (so the usual DAG rules apply: it is cancelled
   * when one of them fails and skipped when all of them were skipped).
   */
  public Optional<Task<I, ?>> onSuccessTask() {
    return Optional.ofNullable(onSuccessTask);
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
  /** The workflow's concurrency limits, which count whole runs, in the order they apply. */
  public List<ConcurrencyExpression> concurrency() {
    return concurrency;
  }

  public Optional<Priority> defaultPriority() {
    return Optional.ofNullable(defaultPriority);
  }

  /** The input of the runs its cron triggers start; empty for {@code {}}. */
  public Optional<Object> cronInput() {
    return Optional.ofNullable(cronInput);
  }

  /** The event filters it declares. */
  public List<DefaultFilter> defaultFilters() {
    return defaultFilters;
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
    private I cronInput;
    private final List<DefaultFilter> defaultFilters = new ArrayList<>();
    private final List<ConcurrencyExpression> concurrency = new ArrayList<>();
    private Task<I, ?> onFailure;
    private Task<I, ?> onSuccess;
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

    /** The input of the runs its {@linkplain #addCronTrigger cron triggers} start; default {@code {}}. */
    public Builder<I> setCronInput(I input) {
      this.cronInput = requireNonNull(input, "input");
      return this;
    }

    /**
     * Declares an event filter: once the workflow has filters, an event starts a run only if a
     * filter of the event's scope holds ({@link io.hatchet4j.features.EventFilter}).
     *
     * @param payload serialized as a JSON object at registration, or null for none
     */
    public Builder<I> addDefaultFilter(String expression, String scope, Object payload) {
      defaultFilters.add(new DefaultFilter(expression, scope, payload));
      return this;
    }

    /**
     * Adds a concurrency limit on whole runs: a run takes a place under its key when its first task
     * is queued and keeps it until it finishes. Limits apply in the order they are added, a run
     * getting a place under each in turn.
     */
    public Builder<I> addConcurrency(ConcurrencyExpression limit) {
      concurrency.add(requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Runs {@code task} when a task of a run fails, as soon as the first one does (other tasks may
     * still be running). It receives the run's input; {@link TaskContext#taskRunErrors()} gives
     * the errors of the failed tasks and {@link TaskContext#parentOutput(Task)} the outputs of
     * those that completed. The run ends failed whatever it does. Not run when the run is
     * cancelled or every task succeeds.
     *
     * <pre>{@code
     * Workflow.builder("checkout", Order.class).addTask(charge).addTask(ship)
     *     .onFailure(Task.builder("refund", Order.class, Void.class)
     *         .setHandler((order, ctx) -> { alert(ctx.taskRunErrors()); return null; }).build())
     *     .build();
     * }</pre>
     *
     * @throws IllegalStateException if the workflow already has an on-failure task
     */
    public Builder<I> onFailure(Task<I, ?> task) {
      HookTasks.requireNone(name, "on-failure", onFailure);
      onFailure = requireNonNull(task, "task");
      return this;
    }

    /**
     * Runs {@code task} last, once every other task of a run completed: it becomes a task whose
     * parents are the workflow's leaves (the tasks no other task depends on), as in the official
     * SDKs. So it is cancelled when one of them fails, skipped when all were skipped, and its
     * failure fails the run; its output is part of the run's result.
     *
     * @throws IllegalStateException if the workflow already has an on-success task
     */
    public Builder<I> onSuccess(Task<I, ?> task) {
      HookTasks.requireNone(name, "on-success", onSuccess);
      onSuccess = requireNonNull(task, "task");
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
     * @throws IllegalStateException if it has no task, two tasks share a name, or an on-failure or
     *     on-success task has parents or conditions of its own or shares a name with a task
     */
    public Workflow<I, WorkflowResult> build() {
      List<Task<I, ?>> checked = checkedTasks();
      HookTasks.requireStandalone(name, "on-failure", onFailure, checked);
      HookTasks.requireStandalone(name, "on-success", onSuccess, checked);
      if (onSuccess != null) {
        checked = HookTasks.withOnSuccess(checked, onSuccess);
      }
      return new Workflow<>(this, WorkflowResult.class, false, checked);
    }

    /** Builds a workflow of {@code task} alone, whose result is the task's output. */
    public <O> Workflow<I, O> buildStandalone(Task<I, O> task) {
      if (!tasks.isEmpty()) {
        throw new IllegalStateException("a standalone workflow has exactly one task");
      }
      if (!task.parents().isEmpty()) {
        throw new IllegalStateException("a standalone task cannot have parents");
      }
      if (onFailure != null || onSuccess != null) {
        throw new IllegalStateException("a standalone workflow cannot have on-failure or on-success tasks: the "
            + "engine runs them for multi-task workflows only; use build()");
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
