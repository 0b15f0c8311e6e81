package io.hatchet4j.spring.boot;

import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerStats;
import io.hatchet4j.worker.WorkerStatus;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator {@code hatchet}: the worker's {@link WorkerStatus} and counts. UP
 * while healthy (or when the application runs no worker), DOWN while it cannot reach the engine or
 * is stopping, UNKNOWN while it starts.
 */
@AutoConfiguration(after = HatchetAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(HatchetWorkerLifecycle.class)
public class HatchetActuatorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "hatchetHealthIndicator")
  public HealthIndicator hatchetHealthIndicator(HatchetWorkerLifecycle lifecycle) {
    return () -> health(lifecycle.worker());
  }

  static Health health(Optional<Worker> worker) {
    if (worker.isEmpty()) {
      return Health.up().withDetail("worker", "none").build();
    }
    WorkerStatus status = worker.get().status();
    Health.Builder health =
        switch (status) {
          case HEALTHY -> Health.up();
          case INITIALIZED, STARTING -> Health.unknown();
          case UNHEALTHY -> Health.down();
        };
    WorkerStats stats = worker.get().stats();
    return health
        .withDetail("worker", worker.get().name())
        .withDetail("status", status.name())
        .withDetail("slots", stats.slots())
        .withDetail("slotsInUse", stats.slotsInUse())
        .withDetail("tasksRunning", stats.tasksRunning())
        .withDetail("tasksCompleted", stats.tasksCompleted())
        .withDetail("tasksFailed", stats.tasksFailed())
        .build();
  }
}
