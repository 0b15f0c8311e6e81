package io.hatchet4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hatchet4j.Hatchet;
import io.hatchet4j.RunRef;
import io.hatchet4j.spring.boot.TestApplication.Greeting;
import io.hatchet4j.spring.boot.TestApplication.Person;
import io.hatchet4j.testing.HatchetTest;
import io.hatchet4j.testing.HatchetTestEnvironment;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerStatus;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker starts with the application context and drains when it closes. */
@HatchetTest
class WorkerLifecycleTest {
  static final CountDownLatch started = new CountDownLatch(1);
  static final CountDownLatch release = new CountDownLatch(1);

  static final Workflow<Person, Greeting> SLOW =
      Workflow.standalone(
          Task.builder("slow-greet", Person.class, Greeting.class)
              .setHandler((person, ctx) -> {
                started.countDown();
                release.await();
                return new Greeting("Finally, " + person.name());
              })
              .build());

  @Configuration
  @EnableAutoConfiguration
  static class SlowApplication {
    @Bean
    Workflow<Person, Greeting> slow() {
      return SLOW;
    }
  }

  @Test
  void closingTheContextLetsRunningTasksFinish(HatchetTestEnvironment env, Hatchet hatchet) throws Exception {
    ConfigurableApplicationContext context =
        application(env, "hatchet.worker.name=drainer", "hatchet.worker.shutdown-timeout=60s").run();
    Worker worker = context.getBean(HatchetWorkerLifecycle.class).worker().orElseThrow();
    assertThat(worker.name()).isEqualTo("drainer");

    RunRef<Greeting> run = hatchet.runNoWait(SLOW, new Person("Ada"));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

    // The worker has stopped taking work, and the close waits for the task it runs.
    await().atMost(Duration.ofSeconds(30)).until(() -> worker.status() == WorkerStatus.UNHEALTHY);
    assertThat(closing).isNotDone();
    assertThat(worker.stats().tasksRunning()).isEqualTo(1);

    release.countDown();
    closing.get(60, TimeUnit.SECONDS);
    assertThat(run.await().text()).isEqualTo("Finally, Ada");
    assertThat(worker.stats().tasksCompleted()).isEqualTo(1);
  }

  @Test
  void noWorkerRunsWhenDisabled(HatchetTestEnvironment env) {
    try (ConfigurableApplicationContext context = application(env, "hatchet.worker.enabled=false").run()) {
      assertThat(context.getBeansOfType(HatchetWorkerLifecycle.class)).isEmpty();
      assertThat(context.getBean(Hatchet.class).config().hostPort()).isEqualTo(env.engine().grpcTarget());
    }
  }

  /** The application, pointed at the test's engine and tenant by properties. */
  private static SpringApplicationBuilder application(HatchetTestEnvironment env, String... properties) {
    return new SpringApplicationBuilder(SlowApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "hatchet.token=" + env.tenant().token(),
            "hatchet.host-port=" + env.engine().grpcTarget(),
            "hatchet.tls-strategy=none")
        .properties(properties);
  }
}
