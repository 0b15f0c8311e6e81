package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;

/**
 * The smallest workflow: one task that greets a person.
 *
 * <p>Run against any engine with {@code HATCHET_CLIENT_TOKEN} (and, for a local engine, {@code
 * HATCHET_CLIENT_TLS_STRATEGY=none}) set.
 */
public final class SimpleTask {
  private SimpleTask() {}

  public record Person(String name) {}

  public record Greeting(String message) {}

  public static final Workflow<Person, Greeting> GREET =
      Workflow.standalone(
          Task.builder("greet", Person.class, Greeting.class)
              .setHandler(
                  (person, ctx) -> {
                    ctx.log("greeting " + person.name());
                    return new Greeting("Hello, " + person.name() + "!");
                  })
              .build());

  public static void main(String[] args) {
    try (Hatchet hatchet = Hatchet.fromEnvironment();
        Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("simple-task").build())) {
      worker.register(GREET).start();
      System.out.println(hatchet.run(GREET, new Person(args.length > 0 ? args[0] : "world")).message());
    }
  }
}
