package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;

/**
 * A worker with no tracing code at all, to run under the OpenTelemetry Java agent with the
 * hatchet4j extension: the agent adds the instrumentation when the client is built, and exports the
 * trigger's and the task's spans wherever it is configured to.
 *
 * <pre>
 * java -javaagent:opentelemetry-javaagent.jar \
 *      -Dotel.javaagent.extensions=hatchet4j-opentelemetry-javaagent-extension.jar \
 *      -Dotel.exporter.otlp.endpoint=http://localhost:7077 \
 *      "-Dotel.exporter.otlp.headers=authorization=Bearer $HATCHET_CLIENT_TOKEN" \
 *      -cp ... io.hatchet4j.examples.AgentTracedWorker
 * </pre>
 *
 * <p>Triggers {@code greet} once, prints {@code run <id>: <greeting>}, and exits; the agent exports
 * the spans as the JVM shuts down.
 */
public final class AgentTracedWorker {
  private AgentTracedWorker() {}

  public static void main(String[] args) {
    try (Hatchet hatchet = Hatchet.fromEnvironment();
        Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("agent-traced").build())) {
      worker.register(SimpleTask.GREET).start();
      RunRef<SimpleTask.Greeting> run = hatchet.runNoWait(SimpleTask.GREET, new SimpleTask.Person(args.length > 0 ? args[0] : "agent"));
      System.out.println("run " + run.runId() + ": " + run.await().message());
    }
  }
}
