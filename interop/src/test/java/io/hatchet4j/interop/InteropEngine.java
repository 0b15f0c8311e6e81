package io.hatchet4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.RunInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The one embedded engine of the interop run, on free loopback ports, with every span export
 * forwarded to an {@link OtlpReceiver}. Started on first use and stopped when the JVM exits, so
 * every test class shares it (each class has its own namespace).
 */
final class InteropEngine {
  static final ObjectMapper JSON = new ObjectMapper();
  private static InteropEngine instance;

  private final HatchetEngine engine;
  private final OtlpReceiver receiver;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private InteropEngine() {
    receiver = new OtlpReceiver();
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
        .setForwardOtlpEndpoint(receiver.target()).build());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      receiver.close();
    }, "interop-engine-stop"));
  }

  static synchronized InteropEngine get() {
    if (instance == null) {
      instance = new InteropEngine();
    }
    return instance;
  }

  HatchetEngine engine() {
    return engine;
  }

  OtlpReceiver receiver() {
    return receiver;
  }

  String tenantId() {
    return engine.tenantId();
  }

  Optional<RunInfo> run(String runId) {
    return engine.run(engine.tenantId(), runId);
  }

  /** A GET on the engine's REST API with the tenant's token; fails on any status but 200. */
  JsonNode get(String pathAndQuery) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(engine.httpUrl() + pathAndQuery))
        .header("Authorization", "Bearer " + engine.token()).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The trace the engine files under a task or workflow run, through upstream's trace route. */
  JsonNode trace(String runId) {
    return get("/api/v1/stable/tenants/" + tenantId() + "/traces?run_external_id=" + runId + "&limit=1000");
  }
}
