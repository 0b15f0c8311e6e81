package io.hatchet4j;

import io.hatchet4j.engine.EngineClock;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.VirtualClock;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * An embedded engine on ephemeral ports and clients of it, closed together. The engine runs on
 * virtual time: its timers (schedules, crons, timeouts, durable sleeps) fire when a test moves
 * {@link #clock}, never on their own.
 */
final class EngineFixture implements AutoCloseable {
  final VirtualClock clock;
  final HatchetEngine engine;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  EngineFixture() {
    this(EngineClock.virtual());
  }

  /** An engine on {@code clock}. */
  EngineFixture(VirtualClock clock) {
    this.clock = clock;
    this.engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setClock(clock).build());
  }

  Hatchet client() {
    return client(engine.token());
  }

  Hatchet client(String token) {
    Hatchet hatchet =
        Hatchet.builder()
            .setEnvironment(Map.of())
            .setToken(token)
            .setHostPort(engine.grpcTarget())
            .setTlsStrategy(TlsStrategy.NONE)
            .build();
    closeables.add(0, hatchet);
    return hatchet;
  }

  static WorkerOptions worker(String name, int slots) {
    return WorkerOptions.builder().setName(name).setSlots(slots).setShutdownTimeout(Duration.ofSeconds(5)).build();
  }

  static Worker started(Hatchet hatchet, WorkerOptions options, io.hatchet4j.workflow.Workflow<?, ?>... workflows) {
    Worker worker = hatchet.newWorker(options);
    for (io.hatchet4j.workflow.Workflow<?, ?> workflow : workflows) {
      worker.register(workflow);
    }
    return worker.start();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Waits until the engine has set a timer for {@code at}; the engine reckons the timers it sets in
   * answer to a worker from when it hears of them, so advance only once they are set.
   */
  void awaitTimer(Instant at) throws InterruptedException {
    await("a timer at " + at + " (pending: " + clock.pendingTimers() + ")", Duration.ofSeconds(10),
        () -> clock.pendingTimers().contains(at));
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing what a failed test left behind must not hide the failure.
      }
    }
    engine.close();
  }
}
