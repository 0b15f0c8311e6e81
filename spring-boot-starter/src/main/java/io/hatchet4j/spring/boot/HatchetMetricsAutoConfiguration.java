package io.hatchet4j.spring.boot;

import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the worker, tagged {@code worker=<name>}: gauges {@code
 * hatchet.worker.slots}, {@code hatchet.worker.slots.in.use} and {@code hatchet.worker.tasks.running};
 * counters {@code hatchet.worker.tasks.completed}, {@code .failed}, {@code .retried} and {@code
 * .cancelled}; and the timer {@code hatchet.worker.queue.wait}. Spring Boot binds them to every
 * registry.
 */
@AutoConfiguration(after = HatchetAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(HatchetWorkerLifecycle.class)
public class HatchetMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "hatchetWorkerMetrics")
  public MeterBinder hatchetWorkerMetrics(HatchetWorkerLifecycle lifecycle) {
    return registry -> bind(registry, lifecycle);
  }

  static void bind(MeterRegistry registry, HatchetWorkerLifecycle lifecycle) {
    gauge(registry, lifecycle, "hatchet.worker.slots", "Slots the worker offers the engine", WorkerStats::slots);
    gauge(registry, lifecycle, "hatchet.worker.slots.in.use", "Slots holding an assigned task run", WorkerStats::slotsInUse);
    gauge(registry, lifecycle, "hatchet.worker.tasks.running", "Task runs whose handler is running", WorkerStats::tasksRunning);
    counter(registry, lifecycle, "hatchet.worker.tasks.completed", "Task attempts that completed", WorkerStats::tasksCompleted);
    counter(registry, lifecycle, "hatchet.worker.tasks.failed", "Task attempts that failed", WorkerStats::tasksFailed);
    counter(registry, lifecycle, "hatchet.worker.tasks.retried", "Task attempts that were retries", WorkerStats::tasksRetried);
    counter(registry, lifecycle, "hatchet.worker.tasks.cancelled", "Task attempts cancelled or handed back", WorkerStats::tasksCancelled);
    FunctionTimer.builder(
            "hatchet.worker.queue.wait",
            lifecycle,
            l -> (long) stats(l, WorkerStats::queueWaitCount),
            l -> stats(l, s -> s.queueWait().toNanos()),
            TimeUnit.NANOSECONDS)
        .description("Time assigned task runs waited on the worker before their handler started")
        .tag("worker", workerName(lifecycle))
        .register(registry);
  }

  private static void gauge(MeterRegistry registry, HatchetWorkerLifecycle lifecycle, String name, String description,
      ToDoubleFunction<WorkerStats> value) {
    Gauge.builder(name, lifecycle, l -> stats(l, value)).description(description).tag("worker", workerName(lifecycle))
        .register(registry);
  }

  private static void counter(MeterRegistry registry, HatchetWorkerLifecycle lifecycle, String name, String description,
      ToDoubleFunction<WorkerStats> value) {
    FunctionCounter.builder(name, lifecycle, l -> stats(l, value)).description(description)
        .tag("worker", workerName(lifecycle)).register(registry);
  }

  private static double stats(HatchetWorkerLifecycle lifecycle, ToDoubleFunction<WorkerStats> value) {
    return lifecycle.worker().map(Worker::stats).map(value::applyAsDouble).orElse(0.0);
  }

  private static String workerName(HatchetWorkerLifecycle lifecycle) {
    return lifecycle.workerName();
  }
}
