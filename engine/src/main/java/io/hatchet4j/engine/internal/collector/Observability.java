package io.hatchet4j.engine.internal.collector;

import com.sun.net.httpserver.HttpHandler;
import io.grpc.ServerServiceDefinition;
import io.hatchet4j.engine.internal.http.HttpExtension;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunListener;
import io.hatchet4j.engine.internal.traces.EngineSpans;
import io.hatchet4j.engine.internal.traces.TraceStore;
import io.hatchet4j.engine.internal.web.StaticFiles;
import io.hatchet4j.engine.internal.web.TraceApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.annotation.Nullable;

/**
 * The engine's tracing, assembled: span store, collector, optional forwarder, engine spans, trace
 * API and trace viewer page. The engine creates one at start and closes it last.
 *
 * <p>Not public API. Thread-safe.
 */
public final class Observability implements AutoCloseable {
  private final TraceStore store;
  private final TraceCollector collector;
  @Nullable private final OtlpForwarder forwarder;
  private final EngineSpans engineSpans;

  private Observability(TraceStore store, @Nullable OtlpForwarder forwarder, int maxSpansPerExport) {
    this.store = store;
    this.forwarder = forwarder;
    this.collector = new TraceCollector(store, maxSpansPerExport, forwarder);
    this.engineSpans = new EngineSpans(store);
  }

  /**
   * @param dbFile the engine's database; spans then go to a sibling file named {@code
   *     <db-file>.traces}, else they are kept in memory
   * @param forwardTarget {@code host:port} of an OTLP/gRPC endpoint that gets a copy of every
   *     export, or null
   */
  public static Observability start(Optional<Path> dbFile, int maxSpansPerExport, int maxStoredSpansPerTenant,
      @Nullable String forwardTarget) {
    TraceStore store = dbFile
        .map(file -> TraceStore.open(file.resolveSibling(file.getFileName() + ".traces"), maxStoredSpansPerTenant))
        .orElseGet(() -> TraceStore.inMemory(maxStoredSpansPerTenant));
    OtlpForwarder forwarder = forwardTarget == null ? null : new OtlpForwarder(forwardTarget);
    return new Observability(store, forwarder, maxSpansPerExport);
  }

  public TraceStore store() {
    return store;
  }

  /** Writes the engine's own spans; give it to the orchestrator. */
  public RunListener runListener() {
    return engineSpans;
  }

  /** The OTLP trace service for the gRPC server (to be put behind authentication). */
  public ServerServiceDefinition grpcService() {
    return OtlpTraceService.definition(collector);
  }

  /** The trace routes, the viewer page and OTLP/HTTP for the HTTP server. */
  public HttpExtension http(Orchestrator orchestrator, Function<String, Optional<String>> authenticate,
      int maxBodyBytes) {
    OtlpHttpHandler otlpHttp = new OtlpHttpHandler(collector, authenticate, maxBodyBytes);
    return new HttpExtension() {
      @Override
      public List<Route> routes() {
        return TraceApi.routes(store, orchestrator);
      }

      @Override
      public HttpHandler inFrontOf(HttpHandler router) {
        return StaticFiles.inFrontOf(router);
      }

      @Override
      public Map<String, HttpHandler> contexts() {
        return Map.of(OtlpHttpHandler.PATH, otlpHttp);
      }
    };
  }

  @Override
  public void close() {
    if (forwarder != null) {
      forwarder.close();
    }
    store.close();
  }
}
