package io.hatchet4j.testing;

import io.hatchet4j.NonRetryableException;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The workflows the tests of the testing kit run. */
final class TestWorkflows {
  private TestWorkflows() {}

  record Name(String value) {}

  record Upper(String value) {}

  record Greeting(String text) {}

  /** A standalone task. */
  static final Workflow<Name, Upper> UPPER =
      Workflow.standalone(
          Task.builder("upper", Name.class, Upper.class).setHandler((name, ctx) -> new Upper(name.value().toUpperCase())).build());

  static final Task<Name, Upper> FIRST =
      Task.builder("first", Name.class, Upper.class).setHandler((name, ctx) -> new Upper(name.value().toUpperCase())).build();

  static final Task<Name, Greeting> SECOND =
      Task.builder("second", Name.class, Greeting.class)
          .addParent(FIRST)
          .setHandler((name, ctx) -> new Greeting("Hello, " + ctx.parentOutput(FIRST).value()))
          .build();

  /** A DAG of two tasks, the second after the first. */
  static final Workflow<Name, WorkflowResult> GREETING = Workflow.builder("greeting", Name.class).addTask(SECOND).build();

  /** Fails without retrying. */
  static final Workflow<Name, Upper> FAILING =
      Workflow.standalone(
          Task.builder("refuse", Name.class, Upper.class)
              .setHandler((name, ctx) -> {
                throw new NonRetryableException("no names like " + name.value());
              })
              .build());

  /** Runs until {@link #RELEASE} is counted down (or for ten seconds). */
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  static final Workflow<Name, Upper> BLOCKING =
      Workflow.standalone(
          Task.builder("wait", Name.class, Upper.class)
              .setHandler((name, ctx) -> {
                RELEASE.await(10, TimeUnit.SECONDS);
                return new Upper(name.value());
              })
              .build());
}
