package io.hatchet4j.spring.boot;

import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.opentelemetry.HatchetTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Traces the {@link io.hatchet4j.Hatchet} bean through the application's {@link OpenTelemetry}
 * bean (the OpenTelemetry Spring Boot starter's, or the application's own), when {@code
 * hatchet4j-opentelemetry-api} is on the class path: spans of triggers and task runs, task metrics
 * and log records. Off with {@code hatchet.opentelemetry.enabled=false}.
 */
@AutoConfiguration(
    before = HatchetAutoConfiguration.class,
    afterName = "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration")
@ConditionalOnClass({OpenTelemetry.class, HatchetTelemetry.class})
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnProperty(prefix = "hatchet.opentelemetry", name = "enabled", matchIfMissing = true)
public class HatchetOpenTelemetryAutoConfiguration {

  @Bean
  public HatchetInterceptor hatchetTracingInterceptor(OpenTelemetry openTelemetry) {
    return HatchetTelemetry.create(openTelemetry).newInterceptor();
  }
}
