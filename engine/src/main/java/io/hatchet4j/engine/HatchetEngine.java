package io.hatchet4j.engine;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.hatchet4j.engine.internal.auth.AuthInterceptor;
import io.hatchet4j.engine.internal.PayloadLimit;
import io.hatchet4j.engine.internal.auth.TokenRegistry;
import io.hatchet4j.engine.internal.auth.TokenSigner;
import io.hatchet4j.engine.internal.collector.Observability;
import io.hatchet4j.engine.internal.dispatch.GrpcServer;
import io.hatchet4j.engine.internal.http.HttpApi;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.runs.EngineSettings;
import io.hatchet4j.engine.internal.selftrace.SelfTracing;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.store.EngineStore;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.TaskView;
import io.hatchet4j.engine.internal.traces.TraceStore;
import io.hatchet4j.engine.internal.web.TraceApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hatchet-compatible engine running in this JVM, for development and tests.
 *
 * <p>It speaks the Hatchet gRPC protocol, so the hatchet4j SDK and the official Python and
 * TypeScript SDKs work against it unchanged. It owns its threads, ports and (if configured) its
 * database file; {@link #close()} releases them.
 *
 * <pre>{@code
 * try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build())) {
 *   String target = engine.grpcTarget(); // "127.0.0.1:<port>"
 *   String token = engine.token();       // for HATCHET_CLIENT_TOKEN
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class HatchetEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HatchetEngine.class);
  /** How long {@link #close()} waits for the shutdown to finish. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);
  /** How long running calls get to finish before open streams are cut. */
  private static final Duration GRPC_GRACE = Duration.ofMillis(500);

  private final EngineOptions options;
  private final Orchestrator orchestrator;
  private final TokenRegistry tokens;
  private final Server grpcServer;
  private final HttpApi httpApi;
  private final Observability observability;
  private final SelfTracing selfTracing;
  private final String advertisedHost;
  private final String defaultTenantId;
  private final String token;
  private final AtomicReference<CompletableFuture<Void>> shutdown = new AtomicReference<>();

  private HatchetEngine(EngineOptions options, Orchestrator orchestrator, TokenRegistry tokens, Server grpcServer,
      HttpApi httpApi, Observability observability, SelfTracing selfTracing, String defaultTenantId) {
    this.options = options;
    this.selfTracing = selfTracing;
    this.observability = observability;
    this.orchestrator = orchestrator;
    this.tokens = tokens;
    this.grpcServer = grpcServer;
    this.httpApi = httpApi;
    this.advertisedHost = advertisedHost(options.host());
    this.defaultTenantId = defaultTenantId;
    tokens.advertise(httpUrl().toString(), grpcTarget());
    this.token = tokens.defaultToken(defaultTenantId);
  }

  /**
   * Starts an engine: opens its state, binds both ports and creates the default tenant on first
   * start. Blocks until it accepts calls.
   *
   * @throws java.io.UncheckedIOException if a port cannot be bound
   * @throws IllegalStateException if the database file cannot be opened (for example, another
   *     engine has it open)
   */
  public static HatchetEngine start(EngineOptions options) {
    requireNonNull(options, "options");
    // Tokens are checked against the wall clock: a test that moves engine time must not expire them.
    Clock tokenClock = Clock.systemUTC();
    EngineStore store = options.dbFile().map(EngineStore::open).orElseGet(EngineStore::inMemory);
    Orchestrator orchestrator = null;
    Server grpcServer = null;
    Observability observability = null;
    // Its own provider and exporter: the engine's spans never reach the tenants' trace store.
    SelfTracing selfTracing = SelfTracing.start(options.selfTracing().orElse(null));
    try {
      observability = Observability.start(options.dbFile(), options.maxSpansPerExport(),
          options.maxStoredSpansPerTenant(), options.forwardOtlpEndpoint().orElse(null));
      orchestrator = Orchestrator.start(store, new EngineSettings(
          options.heartbeatTimeout(), options.defaultExecutionTimeout(), options.defaultScheduleTimeout(),
          options.retention()), options.clock().time(),
          observability.runListener(), selfTracing.schedulerBatches());
      TenantRecord defaultTenant = orchestrator.defaultTenant();
      TokenSigner signer = new TokenSigner(store.signingSecret(), tokenClock);
      Orchestrator tenants = orchestrator; // effectively final, for the lambdas
      TokenRegistry tokens = new TokenRegistry(signer, store.apiTokens(), tenants::tenantExists, tokenClock,
          options.tokenLifetime(), () -> awaitCommit(tenants, defaultTenant.id()));
      PayloadLimit limit = new PayloadLimit(options.maxMessageSize());
      AuthInterceptor auth = new AuthInterceptor(tokens::check);
      tokens.onRevoke(auth::revoked);
      grpcServer = GrpcServer.start(options.host(), options.grpcPort(), limit, auth, selfTracing.grpcInterceptor(),
          orchestrator, observability.grpcService());
      Function<String, Optional<String>> authenticate = tokens::authenticate;
      HttpApi httpApi = HttpApi.start(options.host(), options.httpPort(), authenticate, orchestrator,
          observability.http(orchestrator, authenticate, limit.maxBytes()), tokens, limit, selfTracing.httpFront());
      HatchetEngine engine;
      try {
        engine = new HatchetEngine(options, orchestrator, tokens, grpcServer, httpApi, observability, selfTracing,
            defaultTenant.id());
      } catch (RuntimeException e) {
        httpApi.close();
        throw e;
      }
      log.info("hatchet4j engine started: gRPC {}, HTTP {}, state {}", engine.grpcTarget(), engine.httpUrl(),
          options.dbFile().map(Object::toString).orElse("in memory"));
      return engine;
    } catch (RuntimeException e) {
      if (grpcServer != null) {
        grpcServer.shutdownNow();
      }
      if (orchestrator != null) {
        orchestrator.close();
      } else {
        store.close();
      }
      if (observability != null) {
        observability.close();
      }
      selfTracing.close();
      throw e;
    }
  }

  /** The gRPC address SDKs connect to, {@code host:port}; use it as {@code HATCHET_CLIENT_HOST_PORT}. */
  public String grpcTarget() {
    return hostForAddress() + ":" + grpcPort();
  }

  /** The bound gRPC port. */
  public int grpcPort() {
    return grpcServer.getPort();
  }

  /** Base URL of the HTTP API, such as {@code http://127.0.0.1:8888}. */
  public URI httpUrl() {
    return URI.create("http://" + hostForAddress() + ":" + httpPort());
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return httpApi.port();
  }

  /** A token of the default tenant; use it as {@code HATCHET_CLIENT_TOKEN}. */
  public String token() {
    return token;
  }

  /** The default tenant's id. */
  public String tenantId() {
    return defaultTenantId;
  }

  /** The options this engine was started with. */
  public EngineOptions options() {
    return options;
  }

  /** Creates a tenant that sees none of the others' workflows, runs or workers, with a token for it. */
  public Tenant createTenant(String name) {
    requireNonNull(name, "name");
    TenantRecord tenant = join(orchestrator.createTenant(name));
    return new Tenant(tenant.id(), tenant.name(), tokens.issue(tenant.id(), TokenRegistry.DEFAULT_NAME, null).token());
  }

  /**
   * Issues another token for a tenant, valid for {@link EngineOptions#tokenLifetime()} unless
   * revoked (over REST, {@code POST /api/v1/api-tokens/{id}}, or with the {@code tokens revoke}
   * command). Tokens and revocations survive restarts when a database file is used.
   *
   * @throws IllegalArgumentException if there is no such tenant
   */
  public String issueToken(String tenantId) {
    requireNonNull(tenantId, "tenantId");
    if (!orchestrator.tenantExists(tenantId)) {
      throw new IllegalArgumentException("no tenant with id " + tenantId);
    }
    return tokens.issue(tenantId, "issued", null).token();
  }

  /**
   * Waits until the scheduler has committed the store once more. Token records are written from
   * other threads into their own table, which the scheduler never touches; any call the scheduler
   * answers completes only after a commit that follows its posting, so this makes them durable
   * without committing half of a scheduler batch.
   */
  private static void awaitCommit(Orchestrator orchestrator, String tenantId) {
    join(orchestrator.logs(tenantId, List.of()));
  }

  /**
   * Stops the engine: stops accepting calls, cuts open streams after a short grace period, commits
   * the state and releases ports and files. Idempotent; the future completes when all is released.
   */
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> created = new CompletableFuture<>();
    if (!shutdown.compareAndSet(null, created)) {
      return shutdown.get();
    }
    Thread stopper = new Thread(() -> {
      try {
        stopGrpc();
        httpApi.close();
        orchestrator.shutdown(CLOSE_TIMEOUT.minusSeconds(5));
        observability.close();
        selfTracing.close();
        log.info("hatchet4j engine stopped");
        created.complete(null);
      } catch (RuntimeException e) {
        created.completeExceptionally(e);
      }
    }, "hatchet4j-engine-shutdown");
    stopper.start();
    return created;
  }

  private void stopGrpc() {
    grpcServer.shutdown();
    try {
      if (!grpcServer.awaitTermination(GRPC_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        grpcServer.shutdownNow();
        grpcServer.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      grpcServer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Shuts down and waits for it, at most 15 seconds. */
  @Override
  public void close() {
    try {
      shutdown().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("engine shutdown did not finish cleanly", e);
    }
  }

  /**
   * The tenant's workflow runs, newest first, with their tasks, outputs, errors and log lines.
   *
   * <p>Blocks until the engine answers (at most 15 seconds); safe from any thread.
   *
   * @since 0.1.0
   */
  public List<RunInfo> runs(String tenantId) {
    requireNonNull(tenantId, "tenantId");
    return runInfos(tenantId, join(orchestrator.runViews(tenantId)));
  }

  /**
   * One workflow run of the tenant, or empty if the tenant has none with this id.
   *
   * @since 0.1.0
   */
  public Optional<RunInfo> run(String tenantId, String runId) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(runId, "runId");
    return runView(tenantId, runId).flatMap(view -> runInfos(tenantId, List.of(view)).stream().findFirst());
  }

  /**
   * The spans of the trace a workflow run belongs to, in start order: the engine's own spans and
   * those every service of the tenant exported to the engine's collector. A child run shares its
   * parent's trace. Empty if the tenant has no such run; at most 100,000 spans.
   *
   * <p>Spans arrive as their exporters send them, so a trace read just after a run finished may
   * still lack some: poll, or flush the exporters first. Safe from any thread.
   *
   * @since 0.1.0
   */
  public List<SpanInfo> trace(String tenantId, String runId) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(runId, "runId");
    Optional<RunView> view = runView(tenantId, runId);
    if (view.isEmpty()) {
      return List.of();
    }
    TraceStore store = observability.store();
    String traceId = TraceApi.traceIdOf(store, tenantId, view.get());
    return store.spans(tenantId, traceId, 0, TraceApi.MAX_TRACE_SPANS).rows().stream().map(SpanInfo::of).toList();
  }

  private Optional<RunView> runView(String tenantId, String runId) {
    try {
      return Optional.of(join(orchestrator.runView(tenantId, runId)));
    } catch (EngineException e) {
      return Optional.empty(); // not found, or not a run id at all
    }
  }

  private List<RunInfo> runInfos(String tenantId, List<RunView> views) {
    List<String> taskIds = views.stream().flatMap(v -> v.tasks().stream()).map(TaskView::id).toList();
    Map<String, List<LogRecord>> logs = join(orchestrator.logs(tenantId, taskIds));
    List<RunInfo> runs = new ArrayList<>(views.size());
    for (RunView v : views) {
      List<RunInfo.TaskInfo> tasks = new ArrayList<>();
      for (TaskView t : v.tasks()) {
        List<String> lines = logs.getOrDefault(t.id(), List.of()).stream().map(LogRecord::message).toList();
        tasks.add(RunInfo.TaskInfo.of(t.id(), t.readableId(), t.status().asRunStatus().name(), t.attempts(),
            t.status() == TaskStatus.COMPLETED ? t.output() : null,
            t.status().isTerminal() && t.status() != TaskStatus.COMPLETED ? t.error() : null, lines));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = Json.read(v.additionalMetadata(), Map.class);
      runs.add(new RunInfo(v.id(), v.workflowName(), v.status().name(), Instant.ofEpochMilli(v.createdAtMs()),
          Optional.ofNullable(v.startedAtMs()).map(Instant::ofEpochMilli),
          Optional.ofNullable(v.finishedAtMs()).map(Instant::ofEpochMilli), metadata,
          Optional.ofNullable(v.parentTaskRunId()), Optional.ofNullable(v.triggeringEventId()), tasks));
    }
    return runs;
  }

  /** The tenants' span store, for tests in this package. */
  TraceStore traceStore() {
    return observability.store();
  }

  /** The run engine, for tests in this package and the internal HTTP routes. */
  Orchestrator orchestrator() {
    return orchestrator;
  }

  @Override
  public String toString() {
    return "HatchetEngine{grpc=" + grpcTarget() + ", http=" + httpUrl() + '}';
  }

  private String hostForAddress() {
    return advertisedHost.contains(":") ? "[" + advertisedHost + "]" : advertisedHost;
  }

  /** Clients cannot dial a wildcard address; point them at loopback instead. */
  private static String advertisedHost(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return bare.equals("0.0.0.0") || bare.equals("::") ? "127.0.0.1" : bare;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the engine did not answer within " + CLOSE_TIMEOUT, e);
    }
  }
}
