package io.hatchet4j.opentelemetry.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.Hatchet;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.opentelemetry.HatchetTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What the advice does, called as the agent calls it: after each {@code addInterceptor}, and
 * before {@code build()}. The builder's interceptors are read from its private field, as only the
 * built client would otherwise show them.
 */
class HatchetAgentSupportTest {

  @AfterAll
  static void resetGlobal() {
    GlobalOpenTelemetry.resetForTest();
  }

  /** {@code addInterceptor} with the advice after it. */
  private static void add(Hatchet.Builder builder, HatchetInterceptor interceptor) {
    builder.addInterceptor(interceptor);
    HatchetAgentSupport.added(builder, interceptor);
  }

  @SuppressWarnings("unchecked")
  private static List<HatchetInterceptor> interceptors(Hatchet.Builder builder) throws ReflectiveOperationException {
    Field field = Hatchet.Builder.class.getDeclaredField("interceptors");
    field.setAccessible(true);
    return (List<HatchetInterceptor>) field.get(builder);
  }

  @Test
  void aClientWithoutInstrumentationGetsItOnce() throws Exception {
    Hatchet.Builder builder = Hatchet.builder();
    HatchetInterceptor other = new HatchetInterceptor() {};
    add(builder, other);

    HatchetAgentSupport.beforeBuild(builder);
    HatchetAgentSupport.beforeBuild(builder); // built twice

    List<HatchetInterceptor> interceptors = interceptors(builder);
    assertThat(interceptors).hasSize(2).startsWith(other);
    assertThat(interceptors.get(1).getClass().getName()).isEqualTo("io.hatchet4j.opentelemetry.TracingInterceptor");
  }

  @Test
  void aClientTheApplicationInstrumentedIsLeftAlone() throws Exception {
    Hatchet.Builder builder = Hatchet.builder();
    HatchetInterceptor own = HatchetTelemetry.create(OpenTelemetry.noop()).newInterceptor();
    add(builder, own);

    HatchetAgentSupport.beforeBuild(builder);

    assertThat(interceptors(builder)).containsExactly(own);
  }
}
