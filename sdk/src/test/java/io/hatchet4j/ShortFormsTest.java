package io.hatchet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import org.junit.jupiter.api.Test;

/** The one-call forms for the common case, and typed failure details. */
class ShortFormsTest extends EngineTest {
  record Person(String name) {}

  record Greeting(String text) {}

  @Test
  void aStandaloneTaskAndAWorkerInOneCallEach() {
    Workflow<Person, Greeting> greet =
        Workflow.standalone("greet", Person.class, Greeting.class, (person, ctx) -> new Greeting("Hello, " + person.name()));
    Worker worker = hatchet.worker("greeter", greet).start();

    assertThat(hatchet.run(greet, new Person("Ada"))).isEqualTo(new Greeting("Hello, Ada"));
    assertThat(worker.name()).isEqualTo("greeter");
    assertThat(worker.stats().slots()).isEqualTo(WorkerOptions.DEFAULT_SLOTS);
  }

  @Test
  void aFailedRunNamesEachTasksExceptionMessageAndStack() {
    Workflow<Person, Greeting> refuse =
        Workflow.standalone("refuse", Person.class, Greeting.class, (person, ctx) -> {
          throw new NonRetryableException("no greeting for " + person.name());
        });
    hatchet.worker("refuser", refuse).start();

    RunFailedException failed = catchThrowableOfType(RunFailedException.class, () -> hatchet.run(refuse, new Person("Lin")));

    TaskFailure failure = failed.failure("refuse").orElseThrow();
    assertThat(failure.exceptionClass()).hasValue(NonRetryableException.class.getName());
    assertThat(failure.message()).isEqualTo("no greeting for Lin");
    assertThat(failure.stackTrace()).contains("\tat ");
    assertThat(failed.failures()).containsOnlyKeys("refuse");
    assertThat(failed.failure("other")).isEmpty();
  }

  @Test
  void nonRetryableExceptionIsAHatchetException() {
    assertThat(new NonRetryableException("x")).isInstanceOf(HatchetException.class);
  }

  @Test
  void failureTextsOfOtherSdksAndOfTheEngineParseToo() {
    TaskFailure python = TaskFailure.parse("t", "ValueError: bad input\nTraceback (most recent call last):\n  File \"x.py\"");
    assertThat(python.exceptionClass()).hasValue("ValueError");
    assertThat(python.message()).isEqualTo("bad input");
    assertThat(python.stackTrace()).startsWith("Traceback");

    TaskFailure engine = TaskFailure.parse("t", "Task exceeded timeout of 60s");
    assertThat(engine.exceptionClass()).isEmpty();
    assertThat(engine.message()).isEqualTo("Task exceeded timeout of 60s");
    assertThat(engine.stackTrace()).isEmpty();

    TaskFailure noMessage = TaskFailure.parse("t", "java.lang.NullPointerException\n\tat A.b(A.java:1)");
    assertThat(noMessage.exceptionClass()).hasValue("java.lang.NullPointerException");
    assertThat(noMessage.message()).isEmpty();
  }
}
