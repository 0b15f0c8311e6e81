package io.hatchet4j.engine.internal.selftrace;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.hatchet4j.engine.SelfTracingOptions;
import io.hatchet4j.engine.internal.runs.BatchObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's traces of its own work, assembled: a tracer provider of its own (never registered
 * globally, never the collector's store) with a batch processor and an OTLP sender, and the hooks
 * that make spans: a gRPC interceptor, a Jetty handler wrapper and a scheduler batch observer. When
 * off, every hook passes through and costs nothing.
 *
 * <p>Not public API. Thread-safe.
 */
public final class SelfTracing implements AutoCloseable {
  /** The instrumentation scope of the engine's spans. */
  public static final String SCOPE = "io.hatchet4j.engine";
  private static final Logger log = LoggerFactory.getLogger(SelfTracing.class);
  private static final SelfTracing OFF = new SelfTracing(null, null);

  @Nullable private final SdkTracerProvider provider;
  @Nullable private final Tracer tracer;
  private final long closeTimeoutMillis;

  private SelfTracing(@Nullable SdkTracerProvider provider, @Nullable SelfTracingOptions options) {
    this.provider = provider;
    // The last export, then closing the connection: each bounded by the export timeout.
    this.closeTimeoutMillis = options == null ? 0 : 2 * options.timeout().toMillis() + 1000;
    this.tracer = provider == null ? null : provider.get(SCOPE);
    if (options != null) {
      log.info("the engine's own spans go to {} ({}) as service {}", options.endpoint(), options.protocol().value(),
          options.serviceName());
    }
  }

  /** Tracing as the options say; off when they are null. */
  public static SelfTracing start(@Nullable SelfTracingOptions options) {
    if (options == null) {
      return OFF;
    }
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), options.serviceName(),
        AttributeKey.stringKey("library.language"), "java")));
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(options.sampleRatio())))
        .addSpanProcessor(BatchSpanProcessor.builder(new OtlpSpanSender(options))
            .setExporterTimeout(options.timeout())
            .build())
        .build();
    return new SelfTracing(provider, options);
  }

  public boolean enabled() {
    return provider != null;
  }

  /** Wraps every gRPC call in a SERVER span; a pass-through when off. */
  public ServerInterceptor grpcInterceptor() {
    return tracer == null ? PassThrough.INSTANCE : new GrpcServerSpans(tracer);
  }

  /** Wraps the HTTP front in a span per request; the identity when off. */
  public UnaryOperator<Handler> httpFront() {
    return tracer == null ? UnaryOperator.identity() : handler -> new HttpServerSpans(tracer, handler);
  }

  /** Spans of the scheduler's batches that assign work; {@link BatchObserver#NONE} when off. */
  public BatchObserver schedulerBatches() {
    return tracer == null ? BatchObserver.NONE : new SchedulerSpans(tracer);
  }

  /** Exports what is queued, waiting at most the export timeout, and stops. */
  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(closeTimeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  private enum PassThrough implements ServerInterceptor {
    INSTANCE;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      return next.startCall(call, headers);
    }
  }
}
