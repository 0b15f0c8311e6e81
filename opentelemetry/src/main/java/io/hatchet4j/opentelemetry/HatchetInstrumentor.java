package io.hatchet4j.opentelemetry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.interceptor.Chain;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing for hatchet4j: a span for every workflow trigger, schedule, event push,
 * task run, cancellation and durable wait, connected across services and languages through the
 * runs' metadata, exported to the Hatchet engine and to any backend the application chooses.
 *
 * <pre>{@code
 * Hatchet hatchet = Hatchet.builder().addInterceptor(HatchetInstrumentor.create()).build();
 * }</pre>
 *
 * <p>With no {@linkplain Builder#setTracerProvider tracer provider} given, the instrumentor builds
 * one when the client starts, with the {@linkplain HatchetSpanProcessors Hatchet pipeline} to the
 * client's engine, and does not register it globally unless {@linkplain Builder#setRegisterGlobal
 * asked}. A given provider is used as it is: add {@link HatchetSpanProcessors#create} to it to
 * export to the engine as well.
 *
 * <p>Inside a task the handler runs with the task's span current and its ids in the SLF4J MDC
 * ({@code trace_id}, {@code span_id}, {@code hatchet_task_run_id}); spans it starts are children
 * of the task's span and carry its {@code hatchet.*} attributes. To keep that on threads the task
 * starts, hand them its context, for example with {@link
 * io.opentelemetry.context.Context#taskWrapping(java.util.concurrent.ExecutorService)}.
 *
 * <p>Built on {@link HatchetTelemetry}, the instrumentation on the OpenTelemetry API alone (artifact
 * {@code hatchet4j-opentelemetry-api}): an application that owns its OpenTelemetry (the Java agent,
 * the Spring Boot starter, SDK autoconfigure) uses that directly instead.
 *
 * <p>Thread-safe. Tracing never fails, blocks or slows a call beyond creating its span: should
 * instrumentation itself break, the call proceeds untraced. One instrumentor may serve several
 * clients; the first to start provides the engine the built pipeline exports to.
 */
public final class HatchetInstrumentor implements HatchetInterceptor, AutoCloseable {

  /** The delay between exports of the built pipeline, in milliseconds. */
  public static final long DEFAULT_SCHEDULE_DELAY_MILLIS = HatchetSpanProcessors.DEFAULT_SCHEDULE_DELAY_MILLIS;

  /** The most spans per export of the built pipeline. */
  public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = HatchetSpanProcessors.DEFAULT_MAX_EXPORT_BATCH_SIZE;

  /** The most spans the built pipeline queues; more are dropped. */
  public static final int DEFAULT_MAX_QUEUE_SIZE = HatchetSpanProcessors.DEFAULT_MAX_QUEUE_SIZE;

  /**
   * The {@code service.name} of a provider the instrumentor builds, unless {@code OTEL_SERVICE_NAME}
   * or {@code OTEL_RESOURCE_ATTRIBUTES} names one; the Go SDK's choice.
   */
  public static final String DEFAULT_SERVICE_NAME = "hatchet-worker";

  /**
   * How long one export may take, and so how long {@link #close()} and a client's shutdown wait for
   * queued spans, unless {@linkplain Builder#setExportTimeout set}: 3 s.
   */
  public static final Duration DEFAULT_EXPORT_TIMEOUT = HatchetSpanProcessors.DEFAULT_EXPORT_TIMEOUT;

  /** How long {@link #close()} waits by default: the {@linkplain #DEFAULT_EXPORT_TIMEOUT export timeout}. */
  public static final Duration CLOSE_TIMEOUT = DEFAULT_EXPORT_TIMEOUT;

  static final String INSTRUMENTATION_NAME = HatchetTelemetry.INSTRUMENTATION_NAME;

  private static final Logger log = LoggerFactory.getLogger(HatchetInstrumentor.class);

  private final Options options;
  private final TracerProvider givenProvider;
  private final boolean collector;
  private final long scheduleDelayMillis;
  private final int maxExportBatchSize;
  private final int maxQueueSize;
  private final boolean registerGlobal;
  private final Duration exportTimeout;
  private final Map<String, String> environment;
  private final TracingInterceptor delegate;

  private final Object lock = new Object();
  private volatile boolean instrumented = true;
  private volatile Tracer tracer;
  private SdkTracerProvider builtProvider; // guarded by lock
  private boolean started; // guarded by lock
  private CompletableFuture<Void> shutdown; // guarded by lock

  private HatchetInstrumentor(Builder builder, Options options, Map<String, String> environment) {
    this.options = options;
    this.givenProvider = builder.tracerProvider;
    this.collector = builder.enableHatchetOtelCollector;
    this.scheduleDelayMillis = builder.scheduleDelayMillis;
    this.maxExportBatchSize = builder.maxExportBatchSize;
    this.maxQueueSize = builder.maxQueueSize;
    this.registerGlobal = builder.registerGlobal;
    this.exportTimeout = builder.exportTimeout;
    this.environment = environment;
    Instrumentation instrumentation =
        HatchetTelemetryBuilder.instrumentation(
            options,
            builder.spanNameExtractor,
            builder.attributesExtractors,
            builder.spanStatusExtractor,
            builder.meterProvider,
            builder.loggerProvider);
    this.delegate = new TracingInterceptor(instrumentation, this::activeTracer);
    if (givenProvider != null) {
      this.tracer = tracerOf(givenProvider);
    }
  }

  /** An instrumentor with the defaults and the {@code HATCHET_CLIENT_OPENTELEMETRY_*} environment. */
  public static HatchetInstrumentor create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Turns tracing back on after {@link #uninstrument()}; on from the start. No effect after shutdown. */
  public void instrument() {
    synchronized (lock) {
      instrumented = shutdown == null;
    }
  }

  /**
   * Turns tracing off: every call then passes through untouched, with no span and no trace context
   * added to metadata, until {@link #instrument()}.
   */
  public void uninstrument() {
    instrumented = false;
  }

  /** Whether calls are traced now. */
  public boolean isInstrumented() {
    return instrumented;
  }

  /**
   * Exports the spans queued so far by the provider in use, if it is an SDK provider; completes
   * when they were exported, exceptionally if an export failed.
   */
  public CompletableFuture<Void> forceFlush() {
    SdkTracerProvider provider = sdkProvider();
    return provider == null ? CompletableFuture.completedFuture(null) : future(provider.forceFlush());
  }

  /**
   * Stops tracing for good, exports what is queued, and shuts down the provider if the instrumentor
   * built it (never one it was given). Completes when done; calling it again returns the same
   * future.
   */
  public CompletableFuture<Void> shutdown() {
    synchronized (lock) {
      if (shutdown == null) {
        instrumented = false;
        shutdown = builtProvider != null ? future(builtProvider.shutdown()) : forceFlush();
      }
      return shutdown;
    }
  }

  /**
   * {@link #shutdown()}, waiting up to the {@linkplain Builder#setExportTimeout export timeout}
   * (default {@link #DEFAULT_EXPORT_TIMEOUT}), however the engine behaves; spans not exported by
   * then are lost, which is logged in one line.
   */
  @Override
  public void close() {
    try {
      shutdown().get(exportTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      log.warn("spans not exported within {} of shutting down tracing were dropped", exportTimeout);
    } catch (ExecutionException e) {
      log.warn("spans may have been lost while shutting down tracing: {}", e.getCause() != null ? e.getCause().toString() : e.toString());
    }
  }

  /**
   * The tracer provider spans go to, for the application's own spans: the given one, the one built
   * when a client started, or, with the collector off and none given, the global one; null while
   * there is none yet (before the first client starts).
   *
   * <pre>{@code
   * Tracer tracer = instrumentor.tracerProvider().get("checkout");
   * }</pre>
   */
  public TracerProvider tracerProvider() {
    if (givenProvider != null) {
      return givenProvider;
    }
    synchronized (lock) {
      if (builtProvider != null) {
        return builtProvider;
      }
    }
    return !collector && GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.getTracerProvider() : null;
  }

  private SdkTracerProvider sdkProvider() {
    TracerProvider provider = tracerProvider();
    return provider instanceof SdkTracerProvider ? (SdkTracerProvider) provider : null;
  }

  /** The tracer for a call now, or null when the call is not to be traced. */
  private Tracer activeTracer() {
    if (!instrumented) {
      return null;
    }
    Tracer current = tracer;
    if (current == null && !collector && givenProvider == null && GlobalOpenTelemetry.isSet()) {
      // Looked up only once the application has set it: asking GlobalOpenTelemetry earlier would
      // fix it to a no-op and make the application's own set() fail.
      current = tracerOf(GlobalOpenTelemetry.getTracerProvider());
      tracer = current;
    }
    return current;
  }

  private static Tracer tracerOf(TracerProvider provider) {
    // get(), not tracerBuilder(): a provider that implements only the required methods would
    // otherwise hand out a no-op tracer.
    return provider.get(INSTRUMENTATION_NAME, Versions.MODULE);
  }

  private static CompletableFuture<Void> future(CompletableResultCode result) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            future.complete(null);
          } else {
            Throwable failure = result.getFailureThrowable();
            future.completeExceptionally(failure != null ? failure : new IllegalStateException("span export failed"));
          }
        });
    return future;
  }

  @Override
  public void onClientStart(HatchetConfig config) {
    synchronized (lock) {
      if (started) {
        return;
      }
      started = true;
      delegate.setNamespace(config.namespace());
      if (givenProvider != null || !collector || shutdown != null) {
        return;
      }
      builtProvider = ProviderFactory.build(config, environment, this::pipelineFor);
      tracer = tracerOf(builtProvider);
      if (registerGlobal) {
        ProviderFactory.registerGlobal(builtProvider);
      }
    }
  }

  private io.opentelemetry.sdk.trace.SpanProcessor pipelineFor(HatchetConfig config) {
    return HatchetSpanProcessors.builder(config)
        .setScheduleDelayMillis(scheduleDelayMillis)
        .setMaxExportBatchSize(maxExportBatchSize)
        .setMaxQueueSize(maxQueueSize)
        .setExportTimeout(exportTimeout)
        .build();
  }

  @Override
  public void onClientShutdown() {
    synchronized (lock) {
      if (shutdown != null) {
        return; // closed already, and its spans flushed then
      }
    }
    try {
      forceFlush().get(exportTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("spans queued at client shutdown were not all exported within {}: {}", exportTimeout, e.toString());
    }
  }

  @Override
  public String runWorkflow(Chain<WorkflowTrigger, String> chain) throws Exception {
    return delegate.runWorkflow(chain);
  }

  @Override
  public List<String> runWorkflows(Chain<List<WorkflowTrigger>, List<String>> chain) throws Exception {
    return delegate.runWorkflows(chain);
  }

  @Override
  public List<String> scheduleWorkflow(Chain<WorkflowSchedule, List<String>> chain) throws Exception {
    return delegate.scheduleWorkflow(chain);
  }

  @Override
  public String pushEvent(Chain<EventPush, String> chain) throws Exception {
    return delegate.pushEvent(chain);
  }

  @Override
  public List<String> bulkPushEvent(Chain<List<EventPush>, List<String>> chain) throws Exception {
    return delegate.bulkPushEvent(chain);
  }

  @Override
  public Object executeTask(Chain<TaskRun, Object> chain) throws Exception {
    return delegate.executeTask(chain);
  }

  @Override
  public Void cancelTask(Chain<TaskCancellation, Void> chain) throws Exception {
    return delegate.cancelTask(chain);
  }

  @Override
  public JsonNode durableWaitFor(Chain<DurableWait, JsonNode> chain) throws Exception {
    return delegate.durableWaitFor(chain);
  }

  @Override
  public String toString() {
    return "HatchetInstrumentor{instrumented=" + instrumented + ", collector=" + collector + ", " + options + "}";
  }

  /**
   * Builds a {@link HatchetInstrumentor}. Each setter checks its value at once; values not set
   * explicitly come from the {@code HATCHET_CLIENT_OPENTELEMETRY_*} environment variables the
   * official SDKs read, then the defaults. Not thread-safe.
   *
   * <table>
   *   <caption>Environment variables</caption>
   *   <tr><td>{@code HATCHET_CLIENT_OPENTELEMETRY_EXCLUDED_ATTRIBUTES}</td><td>JSON array of short
   *       names, e.g. {@code ["payload"]}</td></tr>
   *   <tr><td>{@code HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_START_STEP_RUN_SPAN_NAME} or
   *       {@code HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_SPAN_NAME}</td><td>{@code true} or
   *       {@code false}</td></tr>
   *   <tr><td>{@code HATCHET_CLIENT_OPENTELEMETRY_INDIVIDUAL_RUN_SPANS_FOR_BULK_RUN}</td><td>{@code
   *       true} or {@code false}</td></tr>
   * </table>
   */
  public static final class Builder {
    private TracerProvider tracerProvider;
    private boolean enableHatchetOtelCollector = true;
    private long scheduleDelayMillis = DEFAULT_SCHEDULE_DELAY_MILLIS;
    private int maxExportBatchSize = DEFAULT_MAX_EXPORT_BATCH_SIZE;
    private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    private Set<HatchetAttribute> excludedAttributes;
    private Boolean includeTaskNameInSpanName;
    private Boolean individualRunSpansForBulkRun;
    private boolean childRunLinks;
    private boolean messagingSemanticConventions;
    private boolean registerGlobal;
    private Map<String, String> environment;
    private Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;
    private MeterProvider meterProvider;
    private LoggerProvider loggerProvider;
    private HatchetSpanNameExtractor spanNameExtractor;
    private final List<HatchetAttributesExtractor> attributesExtractors = new ArrayList<>();
    private HatchetSpanStatusExtractor spanStatusExtractor;

    private Builder() {}

    /**
     * How long one export of the built pipeline may take, and so how long {@link
     * HatchetInstrumentor#close()} and a client's shutdown wait for queued spans, however the
     * engine behaves (even one that accepts connections and never answers). Default {@link
     * HatchetInstrumentor#DEFAULT_EXPORT_TIMEOUT} (3 s).
     */
    public Builder setExportTimeout(Duration exportTimeout) {
      this.exportTimeout = Options.requirePositive(exportTimeout, "exportTimeout");
      return this;
    }

    /**
     * Records the {@linkplain HatchetTelemetry metrics} of tasks, triggers and pushes through this
     * provider. Default: none recorded.
     */
    public Builder setMeterProvider(MeterProvider meterProvider) {
      this.meterProvider = requireNonNull(meterProvider, "meterProvider");
      return this;
    }

    /**
     * Emits task log lines ({@code ctx.log}) as log records through this provider, with the task's
     * trace and span ids. Default: none emitted.
     */
    public Builder setLoggerProvider(LoggerProvider loggerProvider) {
      this.loggerProvider = requireNonNull(loggerProvider, "loggerProvider");
      return this;
    }

    /** Names the spans; default: the names the official SDKs use. See {@link HatchetSpanNameExtractor}. */
    public Builder setSpanNameExtractor(HatchetSpanNameExtractor extractor) {
      this.spanNameExtractor = requireNonNull(extractor, "extractor");
      return this;
    }

    /** Adds attributes of your own to every span; see {@link HatchetAttributesExtractor}. */
    public Builder addAttributesExtractor(HatchetAttributesExtractor extractor) {
      this.attributesExtractors.add(requireNonNull(extractor, "extractor"));
      return this;
    }

    /** Decides the spans' status; see {@link HatchetSpanStatusExtractor} for the default. */
    public Builder setSpanStatusExtractor(HatchetSpanStatusExtractor extractor) {
      this.spanStatusExtractor = requireNonNull(extractor, "extractor");
      return this;
    }

    /**
     * Sends spans to this provider, used as it is: nothing is added to it, and shutting the
     * instrumentor down does not shut it down. Default: a provider built when the client starts.
     */
    public Builder setTracerProvider(TracerProvider tracerProvider) {
      this.tracerProvider = requireNonNull(tracerProvider, "tracerProvider");
      return this;
    }

    /**
     * Whether a provider the instrumentor builds exports to the client's engine; default true.
     * With it off and no provider given, spans go to the global provider once the application has
     * set one, and nowhere before.
     */
    public Builder setEnableHatchetOtelCollector(boolean enable) {
      this.enableHatchetOtelCollector = enable;
      return this;
    }

    /** The built pipeline's delay between exports; default {@value HatchetInstrumentor#DEFAULT_SCHEDULE_DELAY_MILLIS}. */
    public Builder setScheduleDelayMillis(long scheduleDelayMillis) {
      this.scheduleDelayMillis = Options.requireNonNegative(scheduleDelayMillis, "scheduleDelayMillis");
      return this;
    }

    /** The built pipeline's most spans per export; default {@value HatchetInstrumentor#DEFAULT_MAX_EXPORT_BATCH_SIZE}. */
    public Builder setMaxExportBatchSize(int maxExportBatchSize) {
      this.maxExportBatchSize = Options.requirePositive(maxExportBatchSize, "maxExportBatchSize");
      return this;
    }

    /** The built pipeline's most queued spans; default {@value HatchetInstrumentor#DEFAULT_MAX_QUEUE_SIZE}. */
    public Builder setMaxQueueSize(int maxQueueSize) {
      this.maxQueueSize = Options.requirePositive(maxQueueSize, "maxQueueSize");
      return this;
    }

    /**
     * Attributes never to record, by short name ({@code "payload"} for {@code hatchet.payload}),
     * as the official SDKs name them. Default: none, or {@code
     * HATCHET_CLIENT_OPENTELEMETRY_EXCLUDED_ATTRIBUTES}.
     *
     * @throws IllegalArgumentException for a name that is not an excludable attribute
     */
    public Builder setExcludedAttributes(Collection<String> shortNames) {
      this.excludedAttributes = Options.attributes(requireNonNull(shortNames, "shortNames"));
      return this;
    }

    /**
     * Whether the task span is named {@code hatchet.start_step_run.<workflow>:<task>} rather than
     * {@code hatchet.start_step_run}. Default false.
     */
    public Builder setIncludeTaskNameInSpanName(boolean include) {
      this.includeTaskNameInSpanName = include;
      return this;
    }

    /**
     * Whether a bulk trigger gets a {@code hatchet.run_workflow} span per run under its {@code
     * hatchet.run_workflows} span, each run carrying its own span's context. Default false: every
     * run carries the bulk span's context.
     */
    public Builder setIndividualRunSpansForBulkRun(boolean individual) {
      this.individualRunSpansForBulkRun = individual;
      return this;
    }

    /**
     * Whether a child run's task span starts a trace of its own, linked to the span that spawned
     * it, instead of continuing the parent's trace. Suits fire-and-forget fan-outs, whose children
     * would otherwise stretch the parent's trace; the worker cannot tell an awaited child from
     * another, so it applies to every child run this worker executes. Default false.
     */
    public Builder setChildRunLinks(boolean links) {
      this.childRunLinks = links;
      return this;
    }

    /**
     * Whether spans also carry OpenTelemetry's messaging semantic-convention attributes ({@code
     * messaging.system=hatchet}, {@code messaging.operation.*}, {@code
     * messaging.destination.name}, {@code messaging.message.id}, {@code
     * messaging.batch.message_count}) and failures {@code error.type}. Default false.
     */
    public Builder setMessagingSemanticConventions(boolean enable) {
      this.messagingSemanticConventions = enable;
      return this;
    }

    /**
     * Whether a provider the instrumentor builds is also registered as {@link GlobalOpenTelemetry},
     * with the W3C trace-context propagator; never if the application already registered one.
     * Default false.
     */
    public Builder setRegisterGlobal(boolean register) {
      this.registerGlobal = register;
      return this;
    }

    /** Reads unset values from this map instead of the process environment; for tests. */
    public Builder setEnvironment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * Builds the instrumentor.
     *
     * @throws IllegalArgumentException if an environment variable is malformed (the message names
     *     it), or the batch size exceeds the queue size
     */
    public HatchetInstrumentor build() {
      Options.requireBatchFitsQueue(maxExportBatchSize, maxQueueSize);
      Map<String, String> env = environment != null ? environment : System.getenv();
      Set<HatchetAttribute> excluded = excludedAttributes != null ? excludedAttributes : Options.excludedFromEnvironment(env);
      Boolean includeTaskName =
          includeTaskNameInSpanName != null
              ? includeTaskNameInSpanName
              : Options.booleanFromEnvironment(env, Options.INCLUDE_TASK_NAME_ENV, Options.INCLUDE_TASK_NAME_SHORT_ENV);
      Boolean individual =
          individualRunSpansForBulkRun != null
              ? individualRunSpansForBulkRun
              : Options.booleanFromEnvironment(env, Options.INDIVIDUAL_RUN_SPANS_ENV);
      Options options =
          new Options(
              excluded != null ? excluded : Set.of(),
              Boolean.TRUE.equals(includeTaskName),
              Boolean.TRUE.equals(individual),
              childRunLinks,
              messagingSemanticConventions);
      return new HatchetInstrumentor(this, options, env);
    }
  }

  Options options() {
    return options;
  }
}
