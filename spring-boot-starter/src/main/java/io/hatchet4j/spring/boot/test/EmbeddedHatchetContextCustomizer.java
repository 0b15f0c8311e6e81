package io.hatchet4j.spring.boot.test;

import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.Tenant;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts an engine for one application context, points {@code hatchet.*} at it, and stops it when
 * the context closes (after the worker has drained).
 */
final class EmbeddedHatchetContextCustomizer implements ContextCustomizer {

  @Override
  public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
    HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
    Tenant tenant = engine.createTenant("spring-boot-test");
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedHatchet", Map.of(
        "hatchet.token", tenant.token(),
        "hatchet.host-port", engine.grpcTarget(),
        "hatchet.tls-strategy", "none")));
    DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
    beans.registerSingleton("hatchetEmbeddedEngine", engine);
    beans.registerSingleton("hatchetEmbeddedTenant", tenant);
    // Registered first, destroyed last: after the worker drained and the client closed.
    beans.registerDisposableBean("hatchetEmbeddedEngineCloser", engine::close);
  }

  // One customizer is as good as another: contexts that differ only in their engine share one.
  @Override
  public boolean equals(Object other) {
    return other instanceof EmbeddedHatchetContextCustomizer;
  }

  @Override
  public int hashCode() {
    return EmbeddedHatchetContextCustomizer.class.hashCode();
  }
}
