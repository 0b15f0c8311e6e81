package io.hatchet4j.benchmarks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.Hatchet;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.benchmarks.compare.JavaNoopWorker.Ping;
import io.hatchet4j.workflow.Workflow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One row of the table: a worker language, tracing on or off, on one engine; with its worker
 * process, the driver's client in the worker's namespace, and what was measured.
 */
final class Variant implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  final Lang lang;
  final boolean tracing;
  final EngineProcess engine;
  final WorkerProcess worker;
  final Hatchet client;
  final Workflow<Ping, Ping> workflow;
  Phase cold;
  Phase warmup;
  final List<Phase> rounds = new ArrayList<>();
  final List<long[]> latencies = new ArrayList<>();
  long workerRss;

  private Variant(Lang lang, boolean tracing, EngineProcess engine, WorkerProcess worker, Hatchet client) {
    this.lang = lang;
    this.tracing = tracing;
    this.engine = engine;
    this.worker = worker;
    this.client = client;
    this.workflow = Workflow.reference(lang.noopWorkflow(), Ping.class, Ping.class);
  }

  /** Starts the worker and returns once the engine lists it as active. */
  static Variant start(Lang lang, boolean tracing, EngineProcess engine, BenchOptions options)
      throws InterruptedException {
    String namespace = "b" + lang.prefix + (tracing ? "on" : "off") + engine.label + "_";
    WorkerProcess worker = WorkerProcess.start(lang, tracing, engine, namespace, options.slots(),
        options.interopDir(), options.jvmArgs(), options.logDir());
    try {
      awaitActive(engine, worker.name);
    } catch (RuntimeException | InterruptedException e) {
      worker.close();
      throw e;
    }
    Hatchet client = Hatchet.builder()
        .setEnvironment(Map.of())
        .setToken(engine.token)
        .setHostPort(engine.grpcTarget)
        .setTlsStrategy(TlsStrategy.NONE)
        .setNamespace(namespace)
        .build();
    return new Variant(lang, tracing, engine, worker, client);
  }

  String label() {
    return lang.label;
  }

  private static void awaitActive(EngineProcess engine, String workerName) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(engine.httpUrl + "/api/v1/tenants/" + engine.tenantId
        + "/worker")).header("Authorization", "Bearer " + engine.token).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      try {
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode row : JSON.readTree(body).path("rows")) {
          if (row.path("name").asText().contains(workerName) && row.path("status").asText().equals("ACTIVE")) {
            return;
          }
        }
      } catch (java.io.IOException e) {
        // the engine answers soon
      }
      Thread.sleep(200); // polling with a deadline: a worker's start takes seconds
    }
    throw new IllegalStateException("worker " + workerName + " did not register within 180 s; see its log");
  }

  @Override
  public void close() {
    client.close();
    worker.close();
  }
}
