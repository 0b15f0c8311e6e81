package io.hatchet4j.testing.internal;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.Hatchet;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineClock;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.Tenant;
import io.hatchet4j.engine.VirtualClock;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import io.hatchet4j.testing.Runs;
import io.hatchet4j.testing.Spans;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import javax.annotation.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Backs {@link io.hatchet4j.testing.HatchetTest}: one engine per test class, one tenant per test.
 * Not public API.
 */
public final class HatchetExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HatchetExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    engine(context);
  }

  private static HatchetEngine engine(ExtensionContext context) {
    return engineResource(context).engine;
  }

  private static EngineResource engineResource(ExtensionContext context) {
    // Stored on the class's context, so JUnit closes it when the class is done.
    ExtensionContext classContext = context.getTestClass().isPresent() ? classContext(context) : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(EngineResource.class, key -> EngineResource.start(virtualTime(classContext)),
            EngineResource.class);
  }

  /**
   * Whether the class that owns the engine asks for virtual time. Nested classes share the
   * outermost class's engine, so its annotation decides.
   */
  private static boolean virtualTime(ExtensionContext classContext) {
    return classContext.getTestClass()
        .flatMap(type -> AnnotationSupport.findAnnotation(type, HatchetTest.class))
        .map(HatchetTest::virtualTime)
        .orElse(false);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().isPresent() && current.getParent().get().getTestClass().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static Environment environment(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Environment.class,
            key -> new Environment(engineResource(context), context.getDisplayName()), Environment.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Environment environment = context.getStore(NAMESPACE).remove(Environment.class, Environment.class);
    if (environment != null) {
      environment.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Hatchet.class || type == HatchetTestEnvironment.class || type == HatchetEngine.class
        || type == Runs.class || type == Spans.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == HatchetEngine.class) {
      return engine(context);
    }
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          type.getSimpleName() + " belongs to one test; inject it into a test or @BeforeEach method");
    }
    Environment environment = environment(context);
    if (type == Hatchet.class) {
      return environment.client();
    }
    if (type == Runs.class) {
      return environment.runs();
    }
    return type == Spans.class ? environment.spans() : environment;
  }

  private static final class EngineResource implements AutoCloseable {
    final HatchetEngine engine;
    @Nullable final VirtualClock clock;

    private EngineResource(HatchetEngine engine, @Nullable VirtualClock clock) {
      this.engine = engine;
      this.clock = clock;
    }

    static EngineResource start(boolean virtualTime) {
      VirtualClock clock = virtualTime ? EngineClock.virtual() : null;
      EngineOptions.Builder options = EngineOptions.builder().setGrpcPort(0).setHttpPort(0);
      if (clock != null) {
        options.setClock(clock);
      }
      return new EngineResource(HatchetEngine.start(options.build()), clock);
    }

    @Override
    public void close() {
      engine.close();
    }
  }

  private static final class Environment implements HatchetTestEnvironment {
    private final HatchetEngine engine;
    @Nullable private final VirtualClock clock;
    private final Tenant tenant;
    private final Runs runs;
    private final Spans spans;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private Hatchet client;

    Environment(EngineResource resource, String testName) {
      this.engine = resource.engine;
      this.clock = resource.clock;
      this.tenant = engine.createTenant(testName);
      this.runs = new TenantRuns(engine, tenant.id());
      this.spans = new TenantSpans(engine, tenant.id());
    }

    synchronized Hatchet client() {
      if (client == null) {
        client = newClient();
      }
      return client;
    }

    @Override
    public HatchetEngine engine() {
      return engine;
    }

    @Override
    public Tenant tenant() {
      return tenant;
    }

    @Override
    public Runs runs() {
      return runs;
    }

    @Override
    public Spans spans() {
      return spans;
    }

    @Override
    public synchronized Hatchet newClient(HatchetInterceptor... interceptors) {
      Hatchet.Builder builder =
          Hatchet.builder()
              .setEnvironment(Map.of())
              .setToken(tenant.token())
              .setHostPort(engine.grpcTarget())
              .setTlsStrategy(TlsStrategy.NONE);
      for (HatchetInterceptor interceptor : interceptors) {
        builder.addInterceptor(interceptor);
      }
      Hatchet hatchet = builder.build();
      closeables.push(hatchet);
      return hatchet;
    }

    @Override
    public Worker startWorker(Workflow<?, ?>... workflows) {
      return startWorker(
          WorkerOptions.builder().setName("test-worker").setSlots(10).setShutdownTimeout(Duration.ofSeconds(5)).build(),
          workflows);
    }

    @Override
    public Worker startWorker(WorkerOptions options, Workflow<?, ?>... workflows) {
      Worker worker = client().newWorker(options);
      for (Workflow<?, ?> workflow : workflows) {
        worker.register(workflow);
      }
      synchronized (this) {
        closeables.push(worker);
      }
      return worker.start();
    }

    @Override
    public boolean virtualTime() {
      return clock != null;
    }

    @Override
    public Instant now() {
      return engine.options().clock().now();
    }

    @Override
    public void advance(Duration duration) {
      virtualClock().advance(duration);
    }

    @Override
    public void advanceTo(Instant instant) {
      virtualClock().advanceTo(instant);
    }

    @Override
    public void awaitTimer(Instant at) {
      requireNonNull(at, "at");
      VirtualClock virtual = virtualClock();
      Polling.until(Runs.DEFAULT_TIMEOUT, virtual::pendingTimers, timers -> timers.contains(at),
          timers -> "the engine set no timer for " + at + " within " + Polling.text(Runs.DEFAULT_TIMEOUT)
              + "; it is " + virtual.now() + " and the pending timers are " + timers);
    }

    private VirtualClock virtualClock() {
      if (clock == null) {
        throw new IllegalStateException("this test's engine keeps to the wall clock; "
            + "use @HatchetTest(virtualTime = true) to move time by hand");
      }
      return clock;
    }

    synchronized void close() {
      while (!closeables.isEmpty()) {
        try {
          closeables.pop().close();
        } catch (Exception e) {
          // Keep closing: one failed close must not leak the rest into the next test.
        }
      }
    }
  }
}
