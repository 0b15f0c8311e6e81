package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Starts the embedded engine, runs every example on a worker, prints the results and where to look. */
final class Demo {
  private Demo() {}

  static void main(String[] args) throws Exception {
    EngineOptions options =
        EngineOptions.builder()
            .setGrpcPort(Main.intOption(args, "--grpc-port", EngineOptions.DEFAULT_GRPC_PORT))
            .setHttpPort(Main.intOption(args, "--http-port", EngineOptions.DEFAULT_HTTP_PORT))
            .build();
    HatchetEngine engine = HatchetEngine.start(options);
    // One line of tracing: spans of every trigger and task go to the engine's collector.
    HatchetInstrumentor tracing = HatchetInstrumentor.create();
    Hatchet hatchet =
        Hatchet.builder()
            .setEnvironment(Map.of())
            .setToken(engine.token())
            .setHostPort(engine.grpcTarget())
            .setTlsStrategy(TlsStrategy.NONE)
            .addInterceptor(tracing)
            .build();
    Tracing.useTracing(tracing);
    Worker worker =
        hatchet.newWorker(WorkerOptions.builder().setName("demo-worker").setSlots(10).build())
            .register(SimpleTask.GREET)
            .register(DagWorkflow.FULFILMENT)
            .register(RetriesAndTimeouts.FLAKY)
            .register(Tracing.CHECKOUT)
            .register(Tracing.CHARGE)
            .start();

    System.out.println();
    System.out.println("== hatchet4j demo ==");
    System.out.println("engine gRPC  " + engine.grpcTarget());
    System.out.println("engine HTTP  " + engine.httpUrl());
    System.out.println();
    System.out.println("greet           -> " + hatchet.run(SimpleTask.GREET, new SimpleTask.Person("Ada")).message());
    var fulfilment = hatchet.runNoWait(DagWorkflow.FULFILMENT, new DagWorkflow.Order("o-42", "kettle", 2599));
    System.out.println("order-fulfilment -> " + fulfilment.await().output(DagWorkflow.SHIP) + "  (run " + fulfilment.runId() + ")");
    System.out.println("flaky-call      -> " + hatchet.run(RetriesAndTimeouts.FLAKY, new RetriesAndTimeouts.Request("r-1", 2)));
    try {
      hatchet.run(DagWorkflow.FULFILMENT, new DagWorkflow.Order("o-0", "", 0));
    } catch (RunFailedException e) {
      System.out.println("invalid order   -> failed as expected: " + e.taskError("charge").lines().findFirst().orElse(""));
    }
    var checkout = hatchet.runNoWait(Tracing.CHECKOUT, new Tracing.Cart("ada", 3));
    System.out.println("checkout        -> " + checkout.await() + "  (run " + checkout.runId() + ")");
    tracing.forceFlush().join();
    System.out.println();
    System.out.println("checkout's trace, as the engine's collector filed it:");
    System.out.print(TracePrinter.render(engine.httpUrl(), engine.token(), checkout.runId()));
    System.out.println();
    String page = engine.httpUrl().resolve("/").toString() + "#token=" + engine.token();
    System.out.println("Runs and traces in your browser:");
    System.out.println("  all runs:          " + page);
    System.out.println("  checkout's trace:  " + page + "&run=" + checkout.runId());
    System.out.println("To point your own workers and clients at this engine:");
    System.out.println("  export HATCHET_CLIENT_TOKEN=" + engine.token());
    System.out.println("  export HATCHET_CLIENT_HOST_PORT=" + engine.grpcTarget());
    System.out.println("  export HATCHET_CLIENT_TLS_STRATEGY=none");

    if (Main.flag(args, "--once")) {
      worker.close();
      hatchet.close();
      tracing.close();
      engine.close();
      return;
    }
    System.out.println();
    System.out.println("The engine keeps serving; press Ctrl-C to stop.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  hatchet.close();
                  tracing.close();
                  engine.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
