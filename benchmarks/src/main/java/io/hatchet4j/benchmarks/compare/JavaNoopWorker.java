package io.hatchet4j.benchmarks.compare;

import io.hatchet4j.Hatchet;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.io.IOException;

/**
 * The hatchet4j worker of the suite, run as its own process: a no-op task {@code java-noop}
 * returning its input, connected by the standard {@code HATCHET_CLIENT_*} variables; {@code
 * BENCH_TRACING=1} installs {@link HatchetInstrumentor} exporting to the engine's collector, as the
 * peers' {@code INTEROP_TRACING=1} does. Runs until its standard input closes.
 */
public final class JavaNoopWorker {
  /** The input and output of the no-op task: what every worker of the suite gets and returns. */
  public record Ping(int n) {}

  static final Workflow<Ping, Ping> NOOP = Workflow.standalone(
      Task.builder(Lang.JAVA.noopWorkflow(), Ping.class, Ping.class).setHandler((ping, ctx) -> ping).build());

  private JavaNoopWorker() {}

  public static void main(String[] args) throws IOException {
    boolean tracing = "1".equals(System.getenv("BENCH_TRACING"));
    int slots = Integer.parseInt(System.getenv().getOrDefault("BENCH_SLOTS", "50"));
    Hatchet.Builder builder = Hatchet.builder();
    HatchetInstrumentor instrumentor = null;
    if (tracing) {
      instrumentor = HatchetInstrumentor.builder().setScheduleDelayMillis(100).build();
      builder.addInterceptor(instrumentor);
    }
    try (Hatchet hatchet = builder.build()) {
      hatchet.newWorker(WorkerOptions.builder().setName(System.getenv().getOrDefault("BENCH_WORKER", "bench-java"))
          .setSlots(slots).build()).register(NOOP).start();
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the suite closes our standard input
      }
    } finally {
      if (instrumentor != null) {
        instrumentor.close();
      }
    }
  }
}
