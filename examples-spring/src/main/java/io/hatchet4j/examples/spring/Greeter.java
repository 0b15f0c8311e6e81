package io.hatchet4j.examples.spring;

import io.hatchet4j.examples.spring.GreetingApplication.Greeting;
import io.hatchet4j.examples.spring.GreetingApplication.Person;
import io.hatchet4j.spring.boot.HatchetTask;
import io.hatchet4j.workflow.TaskContext;
import org.springframework.stereotype.Component;

/** A task as an annotated method of an ordinary bean, which may use the application's other beans. */
@Component
public class Greeter {

  @HatchetTask(name = "greet", retries = 2)
  public Greeting greet(Person person, TaskContext context) {
    context.log("greeting " + person.name());
    return new Greeting("Hello, " + person.name());
  }
}
