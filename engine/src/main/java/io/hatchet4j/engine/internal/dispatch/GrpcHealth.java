package io.hatchet4j.engine.internal.dispatch;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.Readiness;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard {@code grpc.health.v1.Health} service, reporting the same state as
 * {@code /api/ready}: SERVING while the scheduler loop runs and answers a no-op command within
 * {@link #DEADLINE}, NOT_SERVING otherwise. The overall status ({@code ""}) and each engine service
 * name report alike.
 *
 * <p>Not public API. The loop is probed every {@link #PERIOD} on a daemon thread; the status turns
 * NOT_SERVING at once when the loop stops, and stays so (the probing stops with it).
 */
final class GrpcHealth {
  private static final Logger log = LoggerFactory.getLogger(GrpcHealth.class);
  static final Duration PERIOD = Duration.ofSeconds(2);
  static final Duration DEADLINE = Duration.ofSeconds(2);
  /** The services whose names a health check may ask about, besides the overall {@code ""}. */
  private static final String[] SERVICES = {
      "Dispatcher", "EventsService", "WorkflowService", "v1.AdminService", "v1.V1Dispatcher"};

  private final HealthStatusManager manager = new HealthStatusManager();
  private final Orchestrator orchestrator;
  private final ScheduledExecutorService prober;
  private volatile ServingStatus last;

  private GrpcHealth(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "hatchet4j-engine-health");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Probes the loop once, then keeps probing until the loop stops. */
  static GrpcHealth start(Orchestrator orchestrator) {
    GrpcHealth health = new GrpcHealth(orchestrator);
    health.probe();
    try {
      health.prober.scheduleWithFixedDelay(health::probe, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Cannot happen on a fresh executor.
    }
    orchestrator.stopped().thenRun(health::stop);
    return health;
  }

  BindableService service() {
    return manager.getHealthService();
  }

  private void probe() {
    try {
      Readiness readiness = orchestrator.readiness(DEADLINE);
      set(readiness.ready() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING, readiness.detail());
    } catch (RuntimeException e) {
      set(ServingStatus.NOT_SERVING, e.toString());
    }
  }

  private synchronized void set(ServingStatus status, String detail) {
    if (status != last) {
      if (last != null) {
        log.info("gRPC health: {} ({})", status, detail);
      }
      last = status;
      manager.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
      for (String service : SERVICES) {
        manager.setStatus(service, status);
      }
    }
  }

  private void stop() {
    prober.shutdownNow();
    set(ServingStatus.NOT_SERVING, "the scheduler loop stopped");
  }
}
