package io.hatchet4j.worker;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Where a worker serves its health and metrics endpoint: {@code /health}, {@code /readyz}, {@code
 * /livez} and Prometheus {@code /metrics}, as the official SDKs' workers do.
 *
 * <pre>{@code
 * WorkerOptions.builder().setName("billing").setHealthcheck(HealthcheckOptions.onPort(8001)).build();
 * }</pre>
 *
 * <p>Immutable.
 *
 * @since 0.1.0
 */
public final class HealthcheckOptions {

  /** The port the official SDKs serve on. */
  public static final int DEFAULT_PORT = 8001;

  /** Every interface, as the official SDKs bind. */
  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

  static final HealthcheckOptions DISABLED = new HealthcheckOptions(-1, DEFAULT_BIND_ADDRESS);

  private final int port;
  private final String bindAddress;

  private HealthcheckOptions(int port, String bindAddress) {
    this.port = port;
    this.bindAddress = bindAddress;
  }

  /**
   * Serves on {@code port} of every interface; {@code 0} takes a free port (see {@link
   * Worker#healthcheckAddress()}).
   */
  public static HealthcheckOptions onPort(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("healthcheck port must be between 0 and 65535; got " + port);
    }
    return new HealthcheckOptions(port, DEFAULT_BIND_ADDRESS);
  }

  /** These options, bound to {@code address} (for example {@code 127.0.0.1}) instead. */
  public HealthcheckOptions withBindAddress(String address) {
    requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException("bind address must not be blank");
    }
    return new HealthcheckOptions(port, address);
  }

  public int port() {
    return port;
  }

  public String bindAddress() {
    return bindAddress;
  }

  /** What the {@code HATCHET_CLIENT_WORKER_HEALTHCHECK_*} variables say; {@link #DISABLED} by default. */
  static HealthcheckOptions fromEnvironment(Map<String, String> environment) {
    String enabled = environment.get("HATCHET_CLIENT_WORKER_HEALTHCHECK_ENABLED");
    if (enabled == null || !enabled.trim().equalsIgnoreCase("true")) {
      return DISABLED;
    }
    String port = environment.get("HATCHET_CLIENT_WORKER_HEALTHCHECK_PORT");
    HealthcheckOptions options;
    try {
      options = onPort(port == null || port.isBlank() ? DEFAULT_PORT : Integer.parseInt(port.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("HATCHET_CLIENT_WORKER_HEALTHCHECK_PORT: " + e.getMessage(), e);
    }
    String address = environment.get("HATCHET_CLIENT_WORKER_HEALTHCHECK_BIND_ADDRESS");
    return address == null || address.isBlank() ? options : options.withBindAddress(address.trim());
  }

  @Override
  public String toString() {
    return "HealthcheckOptions{" + bindAddress + ":" + port + "}";
  }
}
