package io.hatchet4j.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hatchet.*} properties. Every connection property left unset falls back to the {@code
 * HATCHET_CLIENT_*} environment variable the official SDKs read (see {@link
 * io.hatchet4j.HatchetConfig}), so a service configured for them needs no properties at all.
 */
@ConfigurationProperties("hatchet")
public class HatchetProperties {

  /** API token; else {@code HATCHET_CLIENT_TOKEN}. */
  private String token;

  /** The engine's gRPC {@code host:port}; else {@code HATCHET_CLIENT_HOST_PORT}, then the token's address. */
  private String hostPort;

  /** The engine's REST base URL; else {@code HATCHET_CLIENT_SERVER_URL}, then the token's. */
  private String serverUrl;

  /** The tenant; else {@code HATCHET_CLIENT_TENANT_ID}, then the token's subject. */
  private String tenantId;

  /** Prefix of workflow names and event keys; else {@code HATCHET_CLIENT_NAMESPACE}. */
  private String namespace;

  /** {@code tls}, {@code mtls} or {@code none}; else {@code HATCHET_CLIENT_TLS_STRATEGY}, default {@code tls}. */
  private String tlsStrategy;

  /** Client certificate (PEM) for mTLS; else {@code HATCHET_CLIENT_TLS_CERT_FILE}. */
  private Path tlsCertFile;

  /** Client key (PEM) for mTLS; else {@code HATCHET_CLIENT_TLS_KEY_FILE}. */
  private Path tlsKeyFile;

  /** Root CA (PEM); else {@code HATCHET_CLIENT_TLS_ROOT_CA_FILE}. */
  private Path tlsRootCaFile;

  /** Server name TLS checks; else {@code HATCHET_CLIENT_TLS_SERVER_NAME}. */
  private String tlsServerName;

  private final Worker worker = new Worker();

  private final OpenTelemetry opentelemetry = new OpenTelemetry();

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  public String getHostPort() {
    return hostPort;
  }

  public void setHostPort(String hostPort) {
    this.hostPort = hostPort;
  }

  public String getServerUrl() {
    return serverUrl;
  }

  public void setServerUrl(String serverUrl) {
    this.serverUrl = serverUrl;
  }

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getTlsStrategy() {
    return tlsStrategy;
  }

  public void setTlsStrategy(String tlsStrategy) {
    this.tlsStrategy = tlsStrategy;
  }

  public Path getTlsCertFile() {
    return tlsCertFile;
  }

  public void setTlsCertFile(Path tlsCertFile) {
    this.tlsCertFile = tlsCertFile;
  }

  public Path getTlsKeyFile() {
    return tlsKeyFile;
  }

  public void setTlsKeyFile(Path tlsKeyFile) {
    this.tlsKeyFile = tlsKeyFile;
  }

  public Path getTlsRootCaFile() {
    return tlsRootCaFile;
  }

  public void setTlsRootCaFile(Path tlsRootCaFile) {
    this.tlsRootCaFile = tlsRootCaFile;
  }

  public String getTlsServerName() {
    return tlsServerName;
  }

  public void setTlsServerName(String tlsServerName) {
    this.tlsServerName = tlsServerName;
  }

  public Worker getWorker() {
    return worker;
  }

  public OpenTelemetry getOpentelemetry() {
    return opentelemetry;
  }

  /** The {@code hatchet.worker.*} properties: the worker that runs the application's workflows. */
  public static class Worker {

    /** Whether to run a worker for the application's workflow beans and {@code @HatchetTask} methods. */
    private boolean enabled = true;

    /** The worker's name; default {@code spring.application.name}, else {@code hatchet-worker}. */
    private String name;

    /** How many task runs the worker runs at once. */
    private int slots = io.hatchet4j.worker.WorkerOptions.DEFAULT_SLOTS;

    /** How many durable task runs the worker holds at once. */
    private int durableSlots = io.hatchet4j.worker.WorkerOptions.DEFAULT_DURABLE_SLOTS;

    /** How long shutdown lets running tasks finish before handing them back to the engine. */
    private Duration shutdownTimeout = io.hatchet4j.worker.WorkerOptions.DEFAULT_SHUTDOWN_TIMEOUT;

    /** Labels the engine matches against runs' desired worker labels. */
    private Map<String, String> labels = new LinkedHashMap<>();

    /** Virtual threads for handlers; default: on where the JVM has them (Java 21+). */
    private Boolean virtualThreads;

    /**
     * Port of the worker's own {@code /health}, {@code /readyz}, {@code /livez} and {@code /metrics}
     * endpoint; unset: as {@code HATCHET_CLIENT_WORKER_HEALTHCHECK_*} say (off by default). The
     * Actuator health indicator and Micrometer metrics need none of it.
     */
    private Integer healthcheckPort;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public int getSlots() {
      return slots;
    }

    public void setSlots(int slots) {
      this.slots = slots;
    }

    public int getDurableSlots() {
      return durableSlots;
    }

    public void setDurableSlots(int durableSlots) {
      this.durableSlots = durableSlots;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public Map<String, String> getLabels() {
      return labels;
    }

    public void setLabels(Map<String, String> labels) {
      this.labels = labels;
    }

    public Boolean getVirtualThreads() {
      return virtualThreads;
    }

    public void setVirtualThreads(Boolean virtualThreads) {
      this.virtualThreads = virtualThreads;
    }

    public Integer getHealthcheckPort() {
      return healthcheckPort;
    }

    public void setHealthcheckPort(Integer healthcheckPort) {
      this.healthcheckPort = healthcheckPort;
    }
  }

  /** The {@code hatchet.opentelemetry.*} properties. */
  public static class OpenTelemetry {

    /** Whether to trace Hatchet calls and task runs through the application's {@code OpenTelemetry} bean. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
