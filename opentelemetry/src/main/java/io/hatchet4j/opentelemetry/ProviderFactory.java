package io.hatchet4j.opentelemetry;

import io.hatchet4j.HatchetConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the tracer provider the instrumentor owns when the application gives none. */
final class ProviderFactory {
  private static final Logger log = LoggerFactory.getLogger(ProviderFactory.class);
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private ProviderFactory() {}

  /**
   * A provider whose spans go to {@code pipeline}; if the pipeline cannot be built (for example a
   * TLS file is unreadable) the provider still makes spans, so trace context still propagates, but
   * exports nothing.
   */
  static SdkTracerProvider build(
      HatchetConfig config, Map<String, String> environment, Function<HatchetConfig, SpanProcessor> pipeline) {
    SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder().setResource(resource(environment)).setMeterProvider(MeterProvider::noop);
    try {
      builder.addSpanProcessor(pipeline.apply(config));
    } catch (RuntimeException e) {
      log.error("cannot export spans to the Hatchet engine at {}; they are not exported", config.hostPort(), e);
      // A provider without processors makes no spans at all; this one keeps them, and with them
      // the trace context that runs and log lines carry.
      builder.addSpanProcessor(HatchetAttributeSpanProcessor.create());
    }
    return builder.build();
  }

  /**
   * OpenTelemetry's default resource with {@code service.name} from {@code OTEL_SERVICE_NAME}, else
   * from {@code OTEL_RESOURCE_ATTRIBUTES} (whose other attributes are kept too), else {@value
   * HatchetInstrumentor#DEFAULT_SERVICE_NAME}.
   */
  static Resource resource(Map<String, String> environment) {
    AttributesBuilder attributes = Attributes.builder().put(SERVICE_NAME, HatchetInstrumentor.DEFAULT_SERVICE_NAME);
    String listed = environment.get("OTEL_RESOURCE_ATTRIBUTES");
    if (listed != null) {
      for (String pair : listed.split(",")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          String key = pair.substring(0, equals).trim();
          String value = URLDecoder.decode(pair.substring(equals + 1).trim(), StandardCharsets.UTF_8);
          if (!key.isEmpty()) {
            attributes.put(key, value);
          }
        }
      }
    }
    String serviceName = environment.get("OTEL_SERVICE_NAME");
    if (serviceName != null && !serviceName.isBlank()) {
      attributes.put(SERVICE_NAME, serviceName.trim());
    }
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  /** Registers {@code provider} as the global one, unless the application already registered one. */
  static void registerGlobal(SdkTracerProvider provider) {
    if (GlobalOpenTelemetry.isSet()) {
      log.warn("GlobalOpenTelemetry is already set; the Hatchet tracer provider is not registered globally");
      return;
    }
    try {
      GlobalOpenTelemetry.set(
          OpenTelemetrySdk.builder()
              .setTracerProvider(provider)
              .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
              .build());
    } catch (IllegalStateException e) {
      log.warn("GlobalOpenTelemetry was set concurrently; the Hatchet tracer provider is not registered globally");
    }
  }
}
