package io.hatchet4j.workflow;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.DesiredWorkerLabel;
import io.hatchet4j.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One unit of work in a workflow: a name, a handler, and how the engine should run it.
 *
 * <p>Immutable; build with {@link #builder(String, Class, Class)}. A task becomes runnable once it
 * belongs to a {@link Workflow}: several tasks make a DAG through {@link Builder#addParent(Task)},
 * a single one a standalone workflow through {@link Workflow#standalone(Task)}.
 *
 * <pre>{@code
 * Task<Order, Receipt> charge =
 *     Task.builder("charge", Order.class, Receipt.class)
 *         .setRetries(3)
 *         .setExecutionTimeout(Duration.ofSeconds(30))
 *         .setHandler((order, ctx) -> payments.charge(order))
 *         .build();
 * }</pre>
 *
 * @param <I> the workflow input type, shared by every task of the workflow
 * @param <O> the task's output type
 */
public final class Task<I, O> {

  /** The execution timeout the engine applies when a task declares none. */
  public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofSeconds(60);

  /** How long a task may wait for a worker before the engine fails it, when it declares nothing. */
  public static final Duration DEFAULT_SCHEDULE_TIMEOUT = Duration.ofMinutes(5);

  private final String name;
  private final Class<I> inputType;
  private final Class<O> outputType;
  private final TaskHandler<I, O> handler;
  private final List<Task<I, ?>> parents;
  private final int retries;
  private final Double backoffFactor;
  private final Integer backoffMaxSeconds;
  private final Duration executionTimeout;
  private final Duration scheduleTimeout;
  private final boolean durable;
  private final int slotCost;
  private final Duration evictionTtl;
  private final List<ConcurrencyExpression> concurrency;
  private final List<Condition> waitFor;
  private final List<Condition> skipIf;
  private final List<Condition> cancelIf;
  private final List<RateLimit> rateLimits;
  private final Map<String, DesiredWorkerLabel> desiredWorkerLabels;

  private Task(Builder<I, O> builder) {
    this.name = builder.name;
    this.inputType = builder.inputType;
    this.outputType = builder.outputType;
    this.handler = builder.handler;
    this.parents = List.copyOf(builder.parents);
    this.retries = builder.retries;
    this.backoffFactor = builder.backoffFactor;
    this.backoffMaxSeconds = builder.backoffMaxSeconds;
    this.executionTimeout = builder.executionTimeout;
    this.scheduleTimeout = builder.scheduleTimeout;
    this.durable = builder.durable;
    this.slotCost = builder.slotCost;
    this.evictionTtl = builder.evictionTtl;
    this.concurrency = List.copyOf(builder.concurrency);
    this.waitFor = List.copyOf(builder.waitFor);
    this.skipIf = List.copyOf(builder.skipIf);
    this.cancelIf = List.copyOf(builder.cancelIf);
    this.rateLimits = List.copyOf(builder.rateLimits);
    this.desiredWorkerLabels = Collections.unmodifiableMap(new LinkedHashMap<>(builder.desiredWorkerLabels));
  }

  /** A copy of {@code task} that runs after {@code parents}: how an on-success task joins its workflow. */
  private Task(Task<I, O> task, List<Task<I, ?>> parents) {
    this.name = task.name;
    this.inputType = task.inputType;
    this.outputType = task.outputType;
    this.handler = task.handler;
    this.parents = List.copyOf(parents);
    this.retries = task.retries;
    this.backoffFactor = task.backoffFactor;
    this.backoffMaxSeconds = task.backoffMaxSeconds;
    this.executionTimeout = task.executionTimeout;
    this.scheduleTimeout = task.scheduleTimeout;
    this.durable = task.durable;
    this.slotCost = task.slotCost;
    this.evictionTtl = task.evictionTtl;
    this.concurrency = task.concurrency;
    this.waitFor = task.waitFor;
    this.skipIf = task.skipIf;
    this.cancelIf = task.cancelIf;
    this.rateLimits = task.rateLimits;
    this.desiredWorkerLabels = task.desiredWorkerLabels;
  }

  Task<I, O> withParents(List<Task<I, ?>> newParents) {
    return new Task<>(this, newParents);
  }

  /**
   * Starts a task definition.
   *
   * @param name the task's name, unique within its workflow
   * @param inputType the workflow input type, which Jackson must be able to read
   * @param outputType the output type, which must serialize to a JSON object
   */
  public static <I, O> Builder<I, O> builder(String name, Class<I> inputType, Class<O> outputType) {
    return new Builder<>(name, inputType, outputType);
  }

  public String name() {
    return name;
  }

  public Class<I> inputType() {
    return inputType;
  }

  public Class<O> outputType() {
    return outputType;
  }

  public TaskHandler<I, O> handler() {
    return handler;
  }

  /** The tasks whose outputs this task needs; it runs after all of them complete. */
  public List<Task<I, ?>> parents() {
    return parents;
  }

  /** How many times the engine retries a failed attempt. */
  public int retries() {
    return retries;
  }

  /**
   * The exponential backoff base between retries: attempt {@code n} waits {@code factor^n}
   * seconds, capped by {@link #backoffMaxSeconds()}. Zero when retries run at once.
   */
  public double backoffFactor() {
    return backoffFactor == null ? 0 : backoffFactor;
  }

  /** The cap on the backoff between retries, in seconds; zero for the engine's default. */
  public int backoffMaxSeconds() {
    return backoffMaxSeconds == null ? 0 : backoffMaxSeconds;
  }

  /** How long one attempt may run before the engine cancels it. */
  public Duration executionTimeout() {
    return executionTimeout;
  }

  /** How long the task may wait for a worker before the engine fails it. */
  public Duration scheduleTimeout() {
    return scheduleTimeout;
  }

  /** Whether the task can wait durably: its handler receives a {@link DurableContext}. */
  /** The task's own concurrency limits, in the order they apply (after its workflow's). */
  public List<ConcurrencyExpression> concurrency() {
    return concurrency;
  }

  public boolean isDurable() {
    return durable;
  }

  /**
   * How many of a worker's slots one attempt takes: default slots, or durable slots for a durable
   * task ({@code slot_requests} on the wire). 1 unless set.
   */
  public int slotCost() {
    return slotCost;
  }

  /** For a durable task, how long it may wait before it is evicted from its worker, if ever. */
  public Optional<Duration> evictionTtl() {
    return Optional.ofNullable(evictionTtl);
  }

  /** Conditions that must all hold before the task is queued (besides its parents completing). */
  public List<Condition> waitFor() {
    return waitFor;
  }

  /** Conditions that, once they all hold, skip the task: it does not run, its output is {@code {"skipped": true}}. */
  public List<Condition> skipIf() {
    return skipIf;
  }

  /** Conditions that, once they all hold, cancel the task and the tasks that depend on it. */
  public List<Condition> cancelIf() {
    return cancelIf;
  }

  /** Whether any {@code waitFor}, {@code skipIf} or {@code cancelIf} condition gates the task. */
  public boolean hasConditions() {
    return !waitFor.isEmpty() || !skipIf.isEmpty() || !cancelIf.isEmpty();
  }

  /** The rate limits each run of this task consumes units of before it starts. */
  public List<RateLimit> rateLimits() {
    return rateLimits;
  }

  /**
   * The labels this task wants of the worker that runs it, by label key. A run's trigger may name
   * its own, which then replace these.
   */
  public Map<String, DesiredWorkerLabel> desiredWorkerLabels() {
    return desiredWorkerLabels;
  }

  @Override
  public String toString() {
    return "Task{" + name + "}";
  }

  /**
   * Builds a {@link Task}. Not thread-safe.
   *
   * @param <I> the workflow input type
   * @param <O> the task's output type
   */
  public static final class Builder<I, O> {
    private final String name;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private TaskHandler<I, O> handler;
    private final Set<Task<I, ?>> parents = new LinkedHashSet<>();
    private int retries;
    private Double backoffFactor;
    private Integer backoffMaxSeconds;
    private Duration executionTimeout = DEFAULT_EXECUTION_TIMEOUT;
    private Duration scheduleTimeout = DEFAULT_SCHEDULE_TIMEOUT;
    private boolean durable;
    private int slotCost = 1;
    private Duration evictionTtl;
    private final List<ConcurrencyExpression> concurrency = new ArrayList<>();
    private final List<Condition> waitFor = new ArrayList<>();
    private final List<Condition> skipIf = new ArrayList<>();
    private final List<Condition> cancelIf = new ArrayList<>();
    private final List<RateLimit> rateLimits = new ArrayList<>();
    private final Map<String, DesiredWorkerLabel> desiredWorkerLabels = new LinkedHashMap<>();

    private Builder(String name, Class<I> inputType, Class<O> outputType) {
      this.name = Names.requireValid(name, "task name");
      this.inputType = requireNonNull(inputType, "inputType");
      this.outputType = requireNonNull(outputType, "outputType");
    }

    public Builder<I, O> setHandler(TaskHandler<I, O> handler) {
      this.handler = requireNonNull(handler, "handler");
      this.durable = false;
      return this;
    }

    /**
     * Makes {@code handler} the task's body, completing when the stage it returns completes; see
     * {@link AsyncTaskHandler}.
     *
     * @since 0.1.0
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Builder<I, O> setAsyncHandler(AsyncTaskHandler<I, O> handler) {
      requireNonNull(handler, "handler");
      // The worker completes a task whose handler returns a CompletionStage when the stage does.
      TaskHandler<I, Object> stage = handler::run;
      this.handler = (TaskHandler<I, O>) (TaskHandler) stage;
      this.durable = false;
      return this;
    }

    /**
     * Makes this a durable task with {@code handler} as its body: it can sleep and wait for events
     * durably, across worker restarts.
     */
    public Builder<I, O> setDurableHandler(DurableTaskHandler<I, O> handler) {
      requireNonNull(handler, "handler");
      this.handler = (input, context) -> handler.run(input, (DurableContext) context);
      this.durable = true;
      return this;
    }

    /** Makes this task run after {@code parent} completes, with the parent's output available. */
    public Builder<I, O> addParent(Task<I, ?> parent) {
      requireNonNull(parent, "parent");
      if (parent.name.equals(name)) {
        throw new IllegalArgumentException("task " + name + " cannot be its own parent");
      }
      parents.add(parent);
      return this;
    }

    /** Makes this task run after every one of {@code parents}. */
    @SafeVarargs
    public final Builder<I, O> addParents(Task<I, ?>... parents) {
      for (Task<I, ?> parent : parents) {
        addParent(parent);
      }
      return this;
    }

    /** How many times the engine retries a failed attempt; default 0. */
    public Builder<I, O> setRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
      this.retries = retries;
      return this;
    }

    /**
     * Waits {@code factor^n} seconds before retry {@code n}, at most {@code maxSeconds}.
     *
     * <p>Without a backoff the engine retries at once.
     */
    public Builder<I, O> setBackoff(double factor, int maxSeconds) {
      // The engine refuses a factor outside 1 to 1000 and a maximum outside 1 to 86400 seconds.
      if (!(factor >= 1 && factor <= 1000)) {
        throw new IllegalArgumentException("backoff factor must be between 1 and 1000; got " + factor);
      }
      if (maxSeconds < 1 || maxSeconds > 86_400) {
        throw new IllegalArgumentException("backoff max seconds must be between 1 and 86400; got " + maxSeconds);
      }
      this.backoffFactor = factor;
      this.backoffMaxSeconds = maxSeconds;
      return this;
    }

    /** How long one attempt may run before the engine cancels it; default 60 seconds. */
    public Builder<I, O> setExecutionTimeout(Duration timeout) {
      this.executionTimeout = Names.requireWholeSeconds(timeout, "execution timeout");
      return this;
    }

    /** How long the task may wait for a worker before the engine fails it; default 5 minutes. */
    public Builder<I, O> setScheduleTimeout(Duration timeout) {
      this.scheduleTimeout = Names.requireWholeSeconds(timeout, "schedule timeout");
      return this;
    }

    /**
     * How many of a worker's slots one attempt takes, as Python's {@code slot_cost}: set it higher
     * for a task that needs more memory or CPU, so a worker runs fewer of them at once. A single
     * worker must have that many free slots to take it. Default 1.
     *
     * @throws IllegalArgumentException if {@code slots} is not positive
     */
    public Builder<I, O> setSlotCost(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("slot cost must be a positive number of slots; got " + slots);
      }
      this.slotCost = slots;
      return this;
    }

    /**
     * For a durable task: once it has waited {@code ttl} in one durable wait (a sleep, an event, a
     * durable child), its worker evicts it, as Python's {@code EvictionPolicy(ttl=...)}: the worker
     * tells the engine ({@code evict_invocation}) and stops the attempt, freeing its durable slot
     * and thread, and the engine runs the task again (a replay, on any worker) when the wait
     * completes. Measured on the worker's clock. Unset, the task stays on its worker while it waits
     * (Python evicts after 15 minutes by default; hatchet4j only when asked).
     *
     * @throws IllegalArgumentException if {@code ttl} is not positive
     */
    public Builder<I, O> setEvictionTtl(Duration ttl) {
      requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("eviction TTL must be positive; got " + ttl);
      }
      this.evictionTtl = ttl;
      return this;
    }

    /**
     * Adds a concurrency limit on runs of this task. Limits apply in the order they are added,
     * after those of its workflow; a task gets a place under each in turn.
     */
    public Builder<I, O> addConcurrency(ConcurrencyExpression limit) {
      concurrency.add(requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Queues the task only once every one of {@code conditions} holds, after its parents complete
     * (sleeps count from then). Adds to earlier calls. See {@link Condition}.
     */
    public Builder<I, O> waitFor(Condition... conditions) {
      return addConditions(waitFor, conditions);
    }

    /**
     * Skips the task once every one of {@code conditions} holds: it does not run, its output is
     * {@code {"skipped": true}} ({@link TaskContext#wasSkipped}), and a task whose parents were all
     * skipped is skipped too. Adds to earlier calls. A skip wins over a cancel and over queueing
     * when they hold together.
     */
    public Builder<I, O> skipIf(Condition... conditions) {
      return addConditions(skipIf, conditions);
    }

    /**
     * Cancels the task, and the tasks depending on it, once every one of {@code conditions} holds;
     * the run ends cancelled. Adds to earlier calls. A cancel wins over queueing.
     */
    public Builder<I, O> cancelIf(Condition... conditions) {
      return addConditions(cancelIf, conditions);
    }

    private Builder<I, O> addConditions(List<Condition> list, Condition... conditions) {
      for (Condition condition : conditions) {
        list.add(requireNonNull(condition, "condition"));
      }
      return this;
    }

    /**
     * Makes each run of this task take units of a rate limit before it starts; a task waits in the
     * queue while the limit's window has too few units left.
     */
    public Builder<I, O> addRateLimit(RateLimit rateLimit) {
      rateLimits.add(requireNonNull(rateLimit, "rateLimit"));
      return this;
    }

    /**
     * Asks for a worker whose label {@code key} matches {@code label}: a required label keeps
     * other workers out, a preference adds its weight to a worker's rank.
     */
    public Builder<I, O> addDesiredWorkerLabel(String key, DesiredWorkerLabel label) {
      requireNonNull(key, "key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("a desired worker label key must not be blank");
      }
      desiredWorkerLabels.put(key, requireNonNull(label, "label"));
      return this;
    }

    /**
     * Builds the task.
     *
     * @throws IllegalStateException if no handler was set, a {@link Condition#parentOutput}
     *     condition names a task that is not a parent, two conditions share a key (the same
     *     sleep or event twice), or a rate limit key is declared twice
     */
    public Task<I, O> build() {
      if (handler == null) {
        throw new IllegalStateException("task " + name + " has no handler");
      }
      TaskConditionRules.check(name, parents, waitFor, skipIf, cancelIf);
      Set<String> keys = new HashSet<>();
      for (RateLimit limit : rateLimits) {
        // The engine keeps one limit per key and task; a second one would silently replace the first.
        if (!keys.add(limit.key())) {
          throw new IllegalStateException("task " + name + " declares rate limit " + limit.key() + " twice");
        }
      }
      return new Task<>(this);
    }
  }

  /** Every task of a DAG in an order where parents come before children. */
  static <I> List<Task<I, ?>> topologicalOrder(List<Task<I, ?>> tasks) {
    List<Task<I, ?>> ordered = new ArrayList<>();
    Set<Task<I, ?>> visited = new LinkedHashSet<>();
    for (Task<I, ?> task : tasks) {
      visit(task, visited, ordered);
    }
    return Collections.unmodifiableList(ordered);
  }

  private static <I> void visit(Task<I, ?> task, Set<Task<I, ?>> visited, List<Task<I, ?>> ordered) {
    if (visited.add(task)) {
      for (Task<I, ?> parent : task.parents) {
        visit(parent, visited, ordered);
      }
      ordered.add(task);
    }
  }
}
