package io.hatchet4j.opentelemetry.javaagent;

import io.hatchet4j.Hatchet;
import io.hatchet4j.opentelemetry.HatchetTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What the advice calls, injected into the application's class loader beside the SDK: adds the
 * instrumentation to a client builder unless it has hatchet4j's instrumentation already.
 */
public final class HatchetAgentSupport {
  /** hatchet4j's instrumentation interceptors: HatchetTelemetry's, and HatchetInstrumentor. */
  private static final Set<String> INSTRUMENTATION =
      Set.of("io.hatchet4j.opentelemetry.TracingInterceptor", "io.hatchet4j.opentelemetry.HatchetInstrumentor");

  /** Builders that have an interceptor of hatchet4j's instrumentation, added by the application or by us. */
  private static final Map<Object, Boolean> INSTRUMENTED = Collections.synchronizedMap(new WeakHashMap<>());

  private static volatile HatchetTelemetry telemetry;

  private HatchetAgentSupport() {}

  /** After {@code addInterceptor}: notes a builder given one of hatchet4j's instrumentation interceptors. */
  public static void added(Object builder, Object interceptor) {
    if (interceptor != null && INSTRUMENTATION.contains(interceptor.getClass().getName())) {
      INSTRUMENTED.put(builder, Boolean.TRUE);
    }
  }

  /** Before {@code build()}: adds the instrumentation unless the builder has it. */
  public static void beforeBuild(Object builder) {
    if (!(builder instanceof Hatchet.Builder) || INSTRUMENTED.containsKey(builder)) {
      return;
    }
    ((Hatchet.Builder) builder).addInterceptor(telemetry().newInterceptor());
    INSTRUMENTED.put(builder, Boolean.TRUE);
  }

  private static HatchetTelemetry telemetry() {
    HatchetTelemetry current = telemetry;
    if (current == null) {
      synchronized (HatchetAgentSupport.class) {
        current = telemetry;
        if (current == null) {
          // The agent's OpenTelemetry: its SDK, exporters and propagators.
          current = HatchetTelemetry.create(GlobalOpenTelemetry.get());
          telemetry = current;
        }
      }
    }
    return current;
  }
}
