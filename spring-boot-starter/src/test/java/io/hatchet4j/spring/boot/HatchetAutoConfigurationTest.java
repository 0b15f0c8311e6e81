package io.hatchet4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hatchet4j.Hatchet;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.Tenant;
import io.hatchet4j.spring.boot.TestApplication.Greeting;
import io.hatchet4j.spring.boot.TestApplication.Person;
import io.hatchet4j.spring.boot.test.EmbeddedHatchet;
import io.hatchet4j.worker.WorkerStatus;
import io.hatchet4j.workflow.Workflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = TestApplication.class, properties = "spring.application.name=starter-test")
@EmbeddedHatchet
class HatchetAutoConfigurationTest {

  @Autowired Hatchet hatchet;
  @Autowired Workflow<Person, Greeting> greet;
  @Autowired HatchetTasks tasks;
  @Autowired HatchetWorkerLifecycle lifecycle;
  @Autowired HealthIndicator hatchetHealthIndicator;
  @Autowired MeterRegistry meters;
  @Autowired InMemorySpanExporter spans;
  @Autowired HatchetEngine engine;
  @Autowired Tenant tenant;

  @Test
  void theClientIsPointedAtTheEmbeddedEngine() {
    assertThat(hatchet.config().hostPort()).isEqualTo(engine.grpcTarget());
    assertThat(hatchet.config().tenantId()).isEqualTo(tenant.id());
  }

  @Test
  void aWorkflowBeanRunsOnTheContextsWorker() {
    assertThat(hatchet.run(greet, new Person("Ada")).text()).isEqualTo("Hello, Ada");
    assertThat(lifecycle.worker()).hasValueSatisfying(worker -> assertThat(worker.name()).isEqualTo("starter-test"));
  }

  @Test
  void annotatedMethodsRunAsStandaloneTasks() {
    Workflow<Person, Greeting> shout = tasks.workflow("shout", Person.class, Greeting.class);
    assertThat(shout.tasks().get(0).retries()).isEqualTo(1);
    assertThat(hatchet.run(shout, new Person("Lin")).text()).isEqualTo("LIN!");
  }

  @Test
  void anAnnotatedMethodMayReturnACompletionStage() {
    Workflow<Person, Greeting> whisper = tasks.workflow("whisper", Person.class, Greeting.class);
    assertThat(hatchet.run(whisper, new Person("QUIET")).text()).isEqualTo("quiet...");
  }

  @Test
  void theHealthIndicatorIsUpOnceTheWorkerIsHealthy() {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> lifecycle.worker().map(w -> w.status() == WorkerStatus.HEALTHY).orElse(false));
    var health = hatchetHealthIndicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("worker", "starter-test").containsEntry("slots", 100);
  }

  @Test
  void micrometerCountsCompletedTasks() {
    hatchet.run(greet, new Person("Grace"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(meters.get("hatchet.worker.tasks.completed").tag("worker", "starter-test").functionCounter().count())
            .isGreaterThanOrEqualTo(1));
    assertThat(meters.get("hatchet.worker.slots").gauge().value()).isEqualTo(100);
    assertThat(meters.get("hatchet.worker.queue.wait").functionTimer().count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theOpenTelemetryBeanTracesTaskRuns() {
    String runId = hatchet.runNoWait(greet, new Person("Tracy")).runId();
    hatchet.runRef(runId, greet).await();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(spans.getFinishedSpanItems())
            .filteredOn(span -> span.getName().equals("hatchet.start_step_run"))
            .anySatisfy(span -> assertThat(span.getAttributes().asMap().values()).contains(runId)));
  }
}
