package io.hatchet4j;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.internal.AsyncTriggers;
import io.hatchet4j.internal.RealRunStream;
import io.hatchet4j.internal.ClientRuntime;
import io.hatchet4j.features.Events;
import io.hatchet4j.features.Filters;
import io.hatchet4j.features.Logs;
import io.hatchet4j.features.Metrics;
import io.hatchet4j.features.Runs;
import io.hatchet4j.features.Tenant;
import io.hatchet4j.features.Workers;
import io.hatchet4j.features.Workflows;
import io.hatchet4j.internal.EventsAndSchedules;
import io.hatchet4j.internal.FeatureClients;
import io.hatchet4j.internal.RateLimitClient;
import io.hatchet4j.internal.GrpcWorker;
import io.hatchet4j.internal.Json;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The entry point: a client of one Hatchet engine, which runs workflows and creates workers.
 *
 * <p>Build one per application and share it: it is thread-safe and holds one gRPC connection.
 *
 * <pre>{@code
 * try (Hatchet hatchet = Hatchet.fromEnvironment()) {
 *   Greeting greeting = hatchet.run(greet, new Person("Ada"));
 * }
 * }</pre>
 *
 * <p>Closing the client shuts down the workers it created, then the connection.
 */
public final class Hatchet implements AutoCloseable {

  /** How long {@link #close()} waits for workers and calls to finish. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final ClientRuntime runtime;
  private final EventsAndSchedules triggers;
  private final AsyncTriggers asyncTriggers;
  private final FeatureClients features;
  private final RateLimits rateLimits;
  private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
  private final Object shutdownLock = new Object();
  private CompletableFuture<Void> shutdown; // guarded by shutdownLock

  private Hatchet(Builder builder) {
    HatchetConfig config = builder.config != null ? builder.config : builder.configBuilder.build();
    if (builder.retryPolicy != null && !builder.retryPolicy.equals(config.retryPolicy())) {
      config = config.toBuilder().setRetryPolicy(builder.retryPolicy).build();
    }
    ObjectMapper mapper = builder.mapper != null ? builder.mapper : Json.defaultMapper();
    this.runtime = new ClientRuntime(config, mapper, builder.interceptors);
    this.triggers = new EventsAndSchedules(runtime);
    this.asyncTriggers = new AsyncTriggers(runtime);
    this.features = new FeatureClients(runtime);
    this.rateLimits = new RateLimitClient(runtime);
  }

  /**
   * A client configured by the {@code HATCHET_CLIENT_*} environment variables.
   *
   * @throws ConfigurationException if the token is missing or malformed
   */
  public static Hatchet fromEnvironment() {
    return builder().build();
  }

  /** A builder; values it is not given come from the environment, as {@link HatchetConfig} describes. */
  public static Builder builder() {
    return new Builder();
  }

  public HatchetConfig config() {
    return runtime.config();
  }

  /**
   * Runs {@code workflow} and waits for its result.
   *
   * @throws RunFailedException if a task fails after its retries
   * @throws RunCancelledException if the run is cancelled
   * @throws EngineException if the engine refuses the run, for example for an unknown workflow
   */
  public <I, O> O run(Workflow<I, O> workflow, I input) {
    return run(workflow, input, TriggerOptions.defaults());
  }

  /** {@link #run(Workflow, Object)} with options. */
  public <I, O> O run(Workflow<I, O> workflow, I input, TriggerOptions options) {
    return runNoWait(workflow, input, options).await();
  }

  /**
   * Starts a run of {@code workflow} and returns once the engine accepted it. Called on a task's
   * thread, the run is that task's child (see {@link io.hatchet4j.workflow.TaskContext#runChild}).
   */
  public <I, O> RunRef<O> runNoWait(Workflow<I, O> workflow, I input) {
    return runNoWait(workflow, input, TriggerOptions.defaults());
  }

  /** {@link #runNoWait(Workflow, Object)} with options. */
  public <I, O> RunRef<O> runNoWait(Workflow<I, O> workflow, I input, TriggerOptions options) {
    requireNonNull(workflow, "workflow");
    requireNonNull(options, "options");
    String runId = runtime.trigger(runtime.newTrigger(workflow, input, options));
    return runtime.runRef(runId, workflow);
  }

  /**
   * Runs {@code workflow} without blocking: the future completes with the result, or exceptionally
   * with what {@link #run(Workflow, Object)} would throw. Called on a task's thread, the run is that
   * task's child.
   *
   * @since 0.1.0
   */
  public <I, O> CompletableFuture<O> runAsync(Workflow<I, O> workflow, I input) {
    return runAsync(workflow, input, TriggerOptions.defaults());
  }

  /** {@link #runAsync(Workflow, Object)} with options. */
  public <I, O> CompletableFuture<O> runAsync(Workflow<I, O> workflow, I input, TriggerOptions options) {
    return asyncTriggers.run(requireNonNull(workflow, "workflow"), input, requireNonNull(options, "options"));
  }

  /**
   * Starts a run of {@code workflow} without blocking: the future completes with its reference
   * once the engine accepted it.
   *
   * @since 0.1.0
   */
  public <I, O> CompletableFuture<RunRef<O>> runNoWaitAsync(Workflow<I, O> workflow, I input) {
    return runNoWaitAsync(workflow, input, TriggerOptions.defaults());
  }

  /** {@link #runNoWaitAsync(Workflow, Object)} with options. */
  public <I, O> CompletableFuture<RunRef<O>> runNoWaitAsync(Workflow<I, O> workflow, I input, TriggerOptions options) {
    return asyncTriggers.runNoWait(requireNonNull(workflow, "workflow"), input, requireNonNull(options, "options"));
  }

  /**
   * Starts many runs of {@code workflow} in bulk calls (up to 1,000 runs each) and waits for all of
   * their results, returned in the order of {@code runs}.
   *
   * @throws RunFailedException for the first run, in order, that failed
   */
  public <I, O> List<O> runMany(Workflow<I, O> workflow, List<BulkRun<I>> runs) {
    List<RunRef<O>> refs = runManyNoWait(workflow, runs);
    CompletableFuture.allOf(refs.stream().map(RunRef::result).toArray(CompletableFuture[]::new))
        .exceptionally(failure -> null)
        .join();
    List<O> results = new ArrayList<>(refs.size());
    for (RunRef<O> ref : refs) {
      results.add(ref.await());
    }
    return results;
  }

  /**
   * Starts many runs of {@code workflow} in bulk calls; returns their references in order. Called
   * on a task's thread, the runs are that task's children.
   */
  public <I, O> List<RunRef<O>> runManyNoWait(Workflow<I, O> workflow, List<BulkRun<I>> runs) {
    return runtime.runAll(requireNonNull(workflow, "workflow"), requireNonNull(runs, "runs"));
  }

  /**
   * A reference to a run started elsewhere, whose result converts as {@code workflow}'s. The same
   * as {@code runs().ref(runId, workflow)}.
   */
  public <O> RunRef<O> runRef(String runId, Workflow<?, O> workflow) {
    return runtime.runRef(requireNonNull(runId, "runId"), requireNonNull(workflow, "workflow"));
  }

  /**
   * Schedules a run of {@code workflow} at {@code at}. A time in the past (by the engine's clock)
   * starts the run at once, as the real engine does.
   *
   * @throws IllegalArgumentException if the engine refuses the schedule as invalid
   */
  public <I> ScheduledRun schedule(Workflow<I, ?> workflow, Instant at, I input) {
    return schedule(workflow, at, input, TriggerOptions.defaults());
  }

  /** {@link #schedule(Workflow, Instant, Object)} with options. */
  public <I> ScheduledRun schedule(Workflow<I, ?> workflow, Instant at, I input, TriggerOptions options) {
    requireNonNull(at, "at");
    return triggers.schedule(requireNonNull(workflow, "workflow"), List.of(at), input, requireNonNull(options, "options")).get(0);
  }

  /**
   * Subscribes to the chunks the tasks of run {@code runId} put on its stream ({@link
   * io.hatchet4j.workflow.TaskContext#putStream}), until the run ends. See {@link RunStream} for the
   * order, blocking and closing.
   */
  public RunStream stream(String runId) {
    return RealRunStream.subscribe(runtime, requireNonNull(runId, "runId"));
  }

  /** The tenant's scheduled runs: list, read, move and delete. */
  public Schedules schedules() {
    return features.schedules();
  }

  /** The tenant's rate limits: declare (put) and list. */
  public RateLimits rateLimits() {
    return rateLimits;
  }

  /** Cron triggers created at run time: create, list, read and delete. */
  public Crons crons() {
    return features.crons();
  }

  /** The tenant's runs: list, read, cancel and replay. */
  public Runs runs() {
    return features.runs();
  }

  /** The workflows registered with the engine: list, read and delete. */
  public Workflows workflows() {
    return features.workflows();
  }

  /** The tenant's workers: list, read, pause and unpause. */
  public Workers workers() {
    return features.workers();
  }

  /** The tenant's pushed events: list and read. */
  public Events events() {
    return features.events();
  }

  /** Event filters, which decide which events of a scope start a workflow's runs. */
  public Filters filters() {
    return features.filters();
  }

  /** The lines tasks logged. */
  public Logs logs() {
    return features.logs();
  }

  /** Task counts by state and queue. */
  public Metrics metrics() {
    return features.metrics();
  }

  /** The client's tenant. */
  public Tenant tenant() {
    return features.tenant();
  }

  /**
   * Pushes an event: every workflow that declares {@code key} as an event trigger starts a run
   * whose input is {@code payload}, and durable tasks waiting for it resume.
   *
   * @throws HatchetException if the payload does not serialize to a JSON object
   */
  public PushedEvent push(String key, Object payload) {
    return push(key, payload, PushOptions.defaults());
  }

  /** {@link #push(String, Object)} with options. */
  public PushedEvent push(String key, Object payload, PushOptions options) {
    return triggers.push(requireNonNull(key, "key"), payload, requireNonNull(options, "options"));
  }

  /** Pushes many events in bulk calls of up to 1,000; returns them in order. */
  public List<PushedEvent> bulkPush(List<BulkEvent> events) {
    return triggers.bulkPush(requireNonNull(events, "events"));
  }

  /**
   * Cancels runs by id (workflow run ids or task run ids): their running tasks are cancelled on
   * their workers and the runs end as cancelled. Returns the ids the engine cancelled. The same as
   * {@code runs().cancel(runIds)}.
   */
  public List<String> cancel(String... runIds) {
    if (runIds.length == 0) {
      throw new IllegalArgumentException("name at least one run to cancel");
    }
    return runs().cancel(List.of(runIds));
  }

  /** Cancels every run the filter selects; returns the ids the engine cancelled. */
  public List<String> cancel(CancelFilter filter) {
    return runs().cancel(requireNonNull(filter, "filter").toRunFilter());
  }

  /**
   * A worker named {@code name} with the default options ({@link WorkerOptions#DEFAULT_SLOTS}
   * slots), {@code workflows} registered; {@linkplain Worker#start() start} it.
   *
   * <pre>{@code
   * hatchet.worker("greeter", greet, checkout).start();
   * }</pre>
   *
   * @since 0.1.0
   */
  public Worker worker(String name, Workflow<?, ?>... workflows) {
    Worker worker = newWorker(WorkerOptions.builder().setName(name).build());
    for (Workflow<?, ?> workflow : workflows) {
      worker.register(workflow);
    }
    return worker;
  }

  /** A worker on this client's connection; {@linkplain Worker#register register} workflows, then start it. */
  public Worker newWorker(WorkerOptions options) {
    synchronized (shutdownLock) {
      if (shutdown != null) {
        throw new IllegalStateException("the client is shut down");
      }
      GrpcWorker worker = new GrpcWorker(runtime, requireNonNull(options, "options"), workers::remove);
      workers.add(worker);
      return worker;
    }
  }

  /**
   * Shuts down the workers this client created, then closes the connection. Completes when done;
   * calling it again returns the same future.
   */
  public CompletableFuture<Void> shutdown() {
    synchronized (shutdownLock) {
      if (shutdown == null) {
        CompletableFuture<?>[] stopping = workers.stream().map(Worker::shutdown).toArray(CompletableFuture[]::new);
        shutdown =
            CompletableFuture.allOf(stopping)
                .handle((ignored, failure) -> null)
                .thenRunAsync(() -> runtime.close(Duration.ofSeconds(5)));
      }
      return shutdown;
    }
  }

  /** {@link #shutdown()}, waiting up to {@link #CLOSE_TIMEOUT}. */
  @Override
  public void close() {
    try {
      shutdown().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new HatchetException("client did not shut down cleanly", e);
    }
  }

  @Override
  public String toString() {
    return "Hatchet{" + runtime.config() + "}";
  }

  /**
   * Builds a {@link Hatchet} client. Not thread-safe.
   *
   * <p>Connection settings come from {@link #setConfig(HatchetConfig)} if given; otherwise from the
   * few setters here, then the environment.
   */
  public static final class Builder {
    private final HatchetConfig.Builder configBuilder = HatchetConfig.builder();
    private HatchetConfig config;
    private ObjectMapper mapper;
    private final List<HatchetInterceptor> interceptors = new ArrayList<>();
    private RetryPolicy retryPolicy;

    private Builder() {}

    /** Uses exactly this configuration, ignoring the environment. */
    public Builder setConfig(HatchetConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    public Builder setToken(String token) {
      configBuilder.setToken(token);
      return this;
    }

    public Builder setHostPort(String hostPort) {
      configBuilder.setHostPort(hostPort);
      return this;
    }

    public Builder setTlsStrategy(TlsStrategy strategy) {
      configBuilder.setTlsStrategy(strategy);
      return this;
    }

    public Builder setNamespace(String namespace) {
      configBuilder.setNamespace(namespace);
      return this;
    }

    /**
     * How calls the engine did not answer ({@code UNAVAILABLE}) are retried; wins over the
     * configuration's. Default {@link RetryPolicy#defaults()}, or what the {@code
     * HATCHET_CLIENT_RETRIER_*} and {@code HATCHET_CLIENT_TENACITY_MAX_ATTEMPTS} variables say.
     */
    public Builder setRetryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Reads unset values from this map instead of the process environment. */
    public Builder setEnvironment(Map<String, String> environment) {
      configBuilder.setEnvironment(environment);
      return this;
    }

    /**
     * The mapper for inputs, outputs and results. The default tolerates unknown properties and
     * knows {@code java.time} and {@code Optional}.
     */
    public Builder setObjectMapper(ObjectMapper mapper) {
      this.mapper = requireNonNull(mapper, "mapper");
      return this;
    }

    /** Adds an interceptor; the first added is the outermost. */
    public Builder addInterceptor(HatchetInterceptor interceptor) {
      interceptors.add(requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Builds the client. It connects lazily, on the first call.
     *
     * @throws ConfigurationException if the token is missing or malformed, or a setting is invalid
     */
    public Hatchet build() {
      return new Hatchet(this);
    }
  }
}
