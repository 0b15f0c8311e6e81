package io.hatchet4j.opentelemetry.javaagent;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import io.opentelemetry.javaagent.extension.instrumentation.HelperResourceBuilder;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Instruments hatchet4j clients and workers under the OpenTelemetry Java agent: every client built
 * gets the {@code hatchet4j-opentelemetry-api} interceptor, created from the agent's {@code
 * GlobalOpenTelemetry}, unless the application added hatchet4j's instrumentation itself.
 *
 * <p>Turned off with {@code -Dotel.instrumentation.hatchet4j.enabled=false}.
 */
public final class HatchetInstrumentationModule extends InstrumentationModule {

  public HatchetInstrumentationModule() {
    super("hatchet4j", "hatchet4j-0.1");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("io.hatchet4j.Hatchet$Builder", "io.hatchet4j.interceptor.HatchetInterceptor");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new HatchetBuilderInstrumentation());
  }

  /** Injected into the application's class loader, beside the SDK they implement and call. */
  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HelperClasses.NAMES;
  }

  @Override
  public void registerHelperResources(HelperResourceBuilder helperResourceBuilder) {
    helperResourceBuilder.register("io/hatchet4j/opentelemetry/version.properties");
  }
}
