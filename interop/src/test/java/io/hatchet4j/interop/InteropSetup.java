package io.hatchet4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test class: the shared engine, one TypeScript and one Python peer and a Java client and worker,
 * all in the class's own namespace, optionally traced. Register it as a static field with {@code
 * @RegisterExtension}.
 */
final class InteropSetup implements BeforeAllCallback, AfterAllCallback {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final String namespace;
  private final boolean tracing;
  private final Map<Lang, Peer> peers = new EnumMap<>(Lang.class);
  private InteropEngine engine;
  private HatchetInstrumentor instrumentor;
  private Hatchet java;
  private Worker worker;

  private InteropSetup(String namespace, boolean tracing) {
    this.namespace = namespace;
    this.tracing = tracing;
  }

  /** Peers and Java in {@code namespace}; with {@code tracing}, every side's instrumentor is on. */
  static InteropSetup create(String namespace, boolean tracing) {
    return new InteropSetup(namespace, tracing);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Peers.requireInstalled();
    engine = InteropEngine.get();
    List<CompletableFuture<Peer>> starting = new ArrayList<>();
    for (Lang lang : List.of(Lang.TYPESCRIPT, Lang.PYTHON)) {
      starting.add(CompletableFuture.supplyAsync(() -> Peer.start(lang, engine.engine(), namespace,
          workerName(lang), tracing)));
    }
    for (CompletableFuture<Peer> peer : starting) {
      Peer started = peer.join();
      peers.put(started.lang(), started);
    }
    Hatchet.Builder client = Hatchet.builder().setToken(engine.engine().token())
        .setHostPort(engine.engine().grpcTarget()).setTlsStrategy(TlsStrategy.NONE).setNamespace(namespace);
    if (tracing) {
      instrumentor = HatchetInstrumentor.builder().setScheduleDelayMillis(100).build();
      client.addInterceptor(instrumentor);
    }
    java = client.build();
    JavaWorkflows.useTracer(instrumentor == null ? null : instrumentor.tracerProvider());
    worker = java.newWorker(WorkerOptions.builder().setName(workerName(Lang.JAVA)).setSlots(20).build());
    JavaWorkflows.ALL.forEach(worker::register);
    JavaConcurrencyWorkflows.ALL.forEach(worker::register);
    worker.start();
    awaitWorkers();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    peers.values().forEach(Peer::close);
    if (worker != null) {
      worker.close();
    }
    if (java != null) {
      java.close();
    }
    if (instrumentor != null) {
      instrumentor.close();
    }
    JavaWorkflows.useTracer(null);
  }

  InteropEngine engine() {
    return engine;
  }

  String namespace() {
    return namespace;
  }

  /** The Java client, instrumented when the class traces. */
  Hatchet java() {
    return java;
  }

  HatchetInstrumentor instrumentor() {
    return instrumentor;
  }

  Peer peer(Lang lang) {
    return peers.get(lang);
  }

  /** A workflow served by {@code lang}, such as {@code py-echo}, for the Java client to trigger. */
  static Workflow<JsonNode, JsonNode> workflow(Lang lang, String base) {
    return workflow(lang.workflow(base));
  }

  /** A workflow by name, whoever serves it. */
  static Workflow<JsonNode, JsonNode> workflow(String name) {
    return Workflow.reference(name, JsonNode.class, JsonNode.class);
  }

  /** Flushes every side's pending spans towards the engine. */
  void flushTracing() {
    if (instrumentor != null) {
      instrumentor.forceFlush().join();
    }
    peers.values().forEach(p -> p.callOk(Peer.command("flush")));
  }

  /**
   * Pushes the event until the run finishes: a wait only sees events pushed after the engine
   * recorded it, and the task cannot tell the test when that happened.
   */
  JsonNode pushUntilDone(RunRef<JsonNode> ref, Runnable push) {
    CompletableFuture<JsonNode> result = ref.result();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      push.run();
      try {
        return result.get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // not resumed yet: push again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new AssertionError("durable run " + ref.runId() + " failed: " + engine.run(ref.runId())
            .map(Object::toString).orElse("?"), e.getCause());
      }
    }
    throw new AssertionError("durable run " + ref.runId() + " not resumed: "
        + engine.run(ref.runId()).map(Object::toString).orElse("?"));
  }

  private String workerName(Lang lang) {
    return lang.prefix() + "-worker";
  }

  /** Waits until the engine lists the three workers as active: their workflows are registered. */
  private void awaitWorkers() throws InterruptedException {
    Set<String> wanted = Set.of(Lang.values()).stream().map(this::workerName).collect(Collectors.toSet());
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Set<String> active = Set.of();
    while (System.nanoTime() < deadline) {
      JsonNode workers = engine.get("/api/v1/tenants/" + engine.tenantId() + "/worker");
      active = StreamSupport.stream(workers.path("rows").spliterator(), false)
          .filter(w -> "ACTIVE".equals(w.path("status").asText()))
          .map(w -> w.path("name").asText())
          .filter(name -> name.startsWith(namespace) || wanted.contains(name))
          .map(name -> name.startsWith(namespace) ? name.substring(namespace.length()) : name)
          .collect(Collectors.toSet());
      if (active.containsAll(wanted)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("workers not active after " + READY_TIMEOUT + ": want " + wanted + ", have " + active
        + " (peer logs in " + Peers.logDir() + ")");
  }
}
