package io.hatchet4j.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method a standalone Hatchet task, registered on the application's worker.
 *
 * <p>The method takes the input (any type Jackson reads), and optionally a {@link
 * io.hatchet4j.workflow.TaskContext} second; it returns the output (any type that serializes to a
 * JSON object) or a {@link java.util.concurrent.CompletionStage} of it. Trigger it with the {@link
 * io.hatchet4j.workflow.Workflow} that {@link HatchetTasks#workflow} returns, or from another
 * service by its name.
 *
 * <pre>{@code
 * @Component
 * class Greeter {
 *   @HatchetTask(name = "greet", retries = 2)
 *   Greeting greet(Person person, TaskContext ctx) {
 *     return new Greeting("Hello, " + person.name());
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HatchetTask {

  /** The task's (and its standalone workflow's) name; default the method's name. */
  String name() default "";

  /** How many times the engine retries a failed attempt. */
  int retries() default 0;

  /** How long one attempt may run, in whole seconds; 0 for the default of 60 seconds. */
  long executionTimeoutSeconds() default 0;

  /** Event keys that start a run, the event's payload being the input. */
  String[] onEvents() default {};

  /** Cron expressions on which the engine starts a run. */
  String[] onCron() default {};
}
