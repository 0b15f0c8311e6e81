package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Starts the embedded engine, runs every example on a worker, prints the results and where to look. */
final class Demo {
  private Demo() {}

  static void main(String[] args) throws InterruptedException {
    EngineOptions options =
        EngineOptions.builder()
            .setGrpcPort(Main.intOption(args, "--grpc-port", EngineOptions.DEFAULT_GRPC_PORT))
            .setHttpPort(Main.intOption(args, "--http-port", EngineOptions.DEFAULT_HTTP_PORT))
            .build();
    HatchetEngine engine = HatchetEngine.start(options);
    Hatchet hatchet =
        Hatchet.builder()
            .setEnvironment(Map.of())
            .setToken(engine.token())
            .setHostPort(engine.grpcTarget())
            .setTlsStrategy(TlsStrategy.NONE)
            .build();
    Worker worker =
        hatchet.newWorker(WorkerOptions.builder().setName("demo-worker").setSlots(10).build())
            .register(SimpleTask.GREET)
            .register(DagWorkflow.FULFILMENT)
            .register(RetriesAndTimeouts.FLAKY)
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
    System.out.println();
    System.out.println("runs:  " + engine.httpUrl().resolve("/api/v1/hatchet4j/runs") + "  (Authorization: Bearer $HATCHET_CLIENT_TOKEN)");
    System.out.println("To point your own workers and clients at this engine:");
    System.out.println("  export HATCHET_CLIENT_TOKEN=" + engine.token());
    System.out.println("  export HATCHET_CLIENT_HOST_PORT=" + engine.grpcTarget());
    System.out.println("  export HATCHET_CLIENT_TLS_STRATEGY=none");

    if (Main.flag(args, "--once")) {
      worker.close();
      hatchet.close();
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
                  engine.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
