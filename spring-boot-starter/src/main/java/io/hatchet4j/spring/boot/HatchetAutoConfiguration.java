package io.hatchet4j.spring.boot;

import io.hatchet4j.Hatchet;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.worker.HealthcheckOptions;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of hatchet4j: a {@link Hatchet} client from the {@code hatchet.*} properties
 * and the {@code HATCHET_CLIENT_*} variables, with every {@link HatchetInterceptor} bean installed
 * in order; and a worker, started and stopped with the context, that runs every {@link Workflow}
 * bean and {@link HatchetTask} method.
 */
@AutoConfiguration
@EnableConfigurationProperties(HatchetProperties.class)
public class HatchetAutoConfiguration {

  /** The worker's name when neither {@code hatchet.worker.name} nor {@code spring.application.name} is set. */
  public static final String DEFAULT_WORKER_NAME = "hatchet-worker";

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Hatchet hatchet(HatchetProperties properties, ObjectProvider<HatchetInterceptor> interceptors) {
    HatchetConfig.Builder config = HatchetConfig.builder();
    if (properties.getToken() != null) {
      config.setToken(properties.getToken());
    }
    if (properties.getHostPort() != null) {
      config.setHostPort(properties.getHostPort());
    }
    if (properties.getServerUrl() != null) {
      config.setServerUrl(properties.getServerUrl());
    }
    if (properties.getTenantId() != null) {
      config.setTenantId(properties.getTenantId());
    }
    if (properties.getNamespace() != null) {
      config.setNamespace(properties.getNamespace());
    }
    if (properties.getTlsStrategy() != null) {
      config.setTlsStrategy(TlsStrategy.parse(properties.getTlsStrategy()));
    }
    if (properties.getTlsCertFile() != null) {
      config.setTlsCertFile(properties.getTlsCertFile());
    }
    if (properties.getTlsKeyFile() != null) {
      config.setTlsKeyFile(properties.getTlsKeyFile());
    }
    if (properties.getTlsRootCaFile() != null) {
      config.setTlsRootCaFile(properties.getTlsRootCaFile());
    }
    if (properties.getTlsServerName() != null) {
      config.setTlsServerName(properties.getTlsServerName());
    }
    Hatchet.Builder builder = Hatchet.builder().setConfig(config.build());
    interceptors.orderedStream().forEach(builder::addInterceptor);
    return builder.build();
  }

  @Bean
  public static HatchetTasks hatchetTasks() {
    return new HatchetTasks();
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "hatchet.worker", name = "enabled", matchIfMissing = true)
  public HatchetWorkerLifecycle hatchetWorker(
      Hatchet hatchet,
      HatchetProperties properties,
      Environment environment,
      HatchetTasks tasks,
      ObjectProvider<Workflow<?, ?>> workflows) {
    List<Workflow<?, ?>> all = new ArrayList<>();
    workflows.orderedStream().filter(workflow -> !workflow.isReference()).forEach(all::add);
    all.addAll(tasks.workflows());
    return new HatchetWorkerLifecycle(hatchet, workerOptions(properties.getWorker(), environment), all);
  }

  static WorkerOptions workerOptions(HatchetProperties.Worker worker, Environment environment) {
    String name = worker.getName() != null ? worker.getName() : environment.getProperty("spring.application.name", DEFAULT_WORKER_NAME);
    WorkerOptions.Builder options =
        WorkerOptions.builder()
            .setName(name)
            .setSlots(worker.getSlots())
            .setDurableSlots(worker.getDurableSlots())
            .setShutdownTimeout(worker.getShutdownTimeout());
    worker.getLabels().forEach(options::putLabel);
    if (worker.getVirtualThreads() != null) {
      options.setVirtualThreads(worker.getVirtualThreads());
    }
    if (worker.getHealthcheckPort() != null) {
      options.setHealthcheck(HealthcheckOptions.onPort(worker.getHealthcheckPort()));
    }
    return options.build();
  }
}
