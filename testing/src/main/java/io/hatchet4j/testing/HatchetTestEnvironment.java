package io.hatchet4j.testing;

import io.hatchet4j.Hatchet;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.Tenant;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;

/**
 * The engine of a {@link HatchetTest} class and the tenant of the current test.
 *
 * <p>Clients it creates are closed after the test.
 */
public interface HatchetTestEnvironment {

  /** The embedded engine serving the test class. */
  HatchetEngine engine();

  /** The tenant of the current test. */
  Tenant tenant();

  /**
   * The runs of the test's tenant.
   *
   * @since 0.1.0
   */
  Runs runs();

  /**
   * The spans of the test's runs.
   *
   * @since 0.1.0
   */
  Spans spans();

  /**
   * A new client of the test's tenant with these interceptors (for example an instrumentor
   * recording into an in-memory exporter); closed, with its workers, after the test.
   */
  Hatchet newClient(HatchetInterceptor... interceptors);

  /**
   * Starts a worker for {@code workflows} on the test's client, with enough slots for most tests;
   * it stops after the test.
   */
  Worker startWorker(Workflow<?, ?>... workflows);

  /** Starts a worker with these options for {@code workflows}; it stops after the test. */
  Worker startWorker(WorkerOptions options, Workflow<?, ?>... workflows);
}
