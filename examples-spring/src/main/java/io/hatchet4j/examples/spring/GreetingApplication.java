package io.hatchet4j.examples.spring;

import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot service whose work runs on Hatchet: {@link Greeter} declares a task as an annotated
 * method, {@link #welcome()} a two-task workflow as a bean, {@link GreetingController} triggers
 * them over HTTP. The starter runs both on a worker that starts and stops with the application.
 *
 * <p>Run it against an engine with {@code HATCHET_CLIENT_TOKEN} set (and {@code
 * HATCHET_CLIENT_TLS_STRATEGY=none} for a local one), then {@code curl localhost:8080/greet?name=Ada}.
 */
@SpringBootApplication
public class GreetingApplication {

  public record Person(String name) {}

  public record Greeting(String text) {}

  public record Card(String text, int length) {}

  public static void main(String[] args) {
    SpringApplication.run(GreetingApplication.class, args);
  }

  /** A workflow of two tasks: the card's task reads the greeting's output. */
  @Bean
  public Workflow<Person, WorkflowResult> welcome() {
    Task<Person, Greeting> greeting =
        Task.builder("greeting", Person.class, Greeting.class)
            .setHandler((person, ctx) -> new Greeting("Welcome, " + person.name()))
            .build();
    Task<Person, Card> card =
        Task.builder("card", Person.class, Card.class)
            .addParent(greeting)
            .setHandler((person, ctx) -> {
              String text = ctx.parentOutput(greeting).text();
              return new Card(text, text.length());
            })
            .build();
    return Workflow.builder("welcome", Person.class).addTask(greeting).addTask(card).build();
  }
}
