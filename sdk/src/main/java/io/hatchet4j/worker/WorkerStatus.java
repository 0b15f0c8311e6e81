package io.hatchet4j.worker;

/**
 * Where a worker stands, as the official SDKs' health endpoints report it.
 *
 * @since 0.1.0
 */
public enum WorkerStatus {
  /** Created; {@link Worker#start()} not called yet. */
  INITIALIZED,
  /** Registering with the engine, or registered and waiting for the first heartbeat to succeed. */
  STARTING,
  /** Registered, listening for work, and the engine answers its heartbeats. */
  HEALTHY,
  /** Cannot reach the engine (reconnecting), or shutting down or stopped. */
  UNHEALTHY
}
