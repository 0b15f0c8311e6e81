package io.hatchet4j.examples.spring;

import io.hatchet4j.Hatchet;
import io.hatchet4j.examples.spring.GreetingApplication.Card;
import io.hatchet4j.examples.spring.GreetingApplication.Greeting;
import io.hatchet4j.examples.spring.GreetingApplication.Person;
import io.hatchet4j.spring.boot.HatchetTasks;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Triggers the service's tasks over HTTP and answers with their results. */
@RestController
public class GreetingController {
  private final Hatchet hatchet;
  private final Workflow<Person, Greeting> greet;
  private final Workflow<Person, WorkflowResult> welcome;

  public GreetingController(Hatchet hatchet, HatchetTasks tasks, Workflow<Person, WorkflowResult> welcome) {
    this.hatchet = hatchet;
    this.greet = tasks.workflow("greet", Person.class, Greeting.class);
    this.welcome = welcome;
  }

  @GetMapping("/greet")
  public Greeting greet(@RequestParam String name) {
    return hatchet.run(greet, new Person(name));
  }

  @GetMapping("/welcome")
  public Card welcome(@RequestParam String name) {
    return hatchet.run(welcome, new Person(name)).output("card", Card.class);
  }
}
