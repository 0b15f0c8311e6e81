package io.hatchet4j;

import static io.hatchet4j.EngineFixture.await;
import static io.hatchet4j.EngineFixture.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.worker.HealthcheckOptions;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.worker.WorkerStatus;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's own /health, /readyz, /livez and /metrics endpoint, over real HTTP. */
class WorkerHealthcheckTest extends EngineTest {
  record Order(String id) {}

  record Done(String id) {}

  private static final Workflow<Order, Done> OK =
      Workflow.standalone(Task.builder("ok", Order.class, Done.class).setHandler((o, ctx) -> new Done(o.id())).build());

  private static final Workflow<Order, Done> FLAKY =
      Workflow.standalone(
          Task.builder("flaky", Order.class, Done.class)
              .setRetries(1)
              .setHandler((o, ctx) -> {
                throw new IllegalStateException("always fails");
              })
              .build());

  private final HttpClient http = HttpClient.newHttpClient();

  private static WorkerOptions probed(String name) {
    return WorkerOptions.builder()
        .setName(name)
        .setSlots(3)
        .setShutdownTimeout(Duration.ofSeconds(5))
        .setHealthcheck(HealthcheckOptions.onPort(0).withBindAddress("127.0.0.1"))
        .build();
  }

  @Test
  void servesHealthReadinessLivenessAndPrometheusMetrics() throws Exception {
    Worker worker = hatchet.newWorker(probed("probe")).register(OK).register(FLAKY);
    assertThat(worker.healthcheckAddress()).isEmpty();
    assertThat(worker.status()).isEqualTo(WorkerStatus.INITIALIZED);
    worker.start();
    InetSocketAddress address = worker.healthcheckAddress().orElseThrow();

    await("a ready worker", Duration.ofSeconds(20), () -> get(address, "/readyz").statusCode() == 200);
    HttpResponse<String> health = get(address, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = new ObjectMapper().readTree(health.body());
    assertThat(body.path("status").asText()).isEqualTo("HEALTHY");
    assertThat(body.path("name").asText()).isEqualTo("probe");
    assertThat(body.path("slots").asInt()).isEqualTo(3);
    assertThat(body.path("actions")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ok:ok", "flaky:flaky");
    assertThat(get(address, "/livez").statusCode()).isEqualTo(200);

    assertThat(hatchet.run(OK, new Order("a"))).isEqualTo(new Done("a"));
    assertThatThrownBy(() -> hatchet.run(FLAKY, new Order("b"))).isInstanceOf(RunFailedException.class);

    await("the counts of three attempts", Duration.ofSeconds(10),
        () -> get(address, "/metrics").body().contains("hatchet_worker_queue_wait_seconds_count{worker=\"probe\"} 3"));
    HttpResponse<String> metrics = get(address, "/metrics");
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body())
        .contains("# TYPE hatchet_worker_slots gauge\nhatchet_worker_slots{worker=\"probe\"} 3\n")
        .contains("hatchet_worker_status{worker=\"probe\"} 1\n")
        .contains("hatchet_worker_slots_in_use{worker=\"probe\"} 0\n")
        .contains("hatchet_worker_tasks_running{worker=\"probe\"} 0\n")
        .contains("# TYPE hatchet_worker_tasks_completed_total counter\nhatchet_worker_tasks_completed_total{worker=\"probe\"} 1\n")
        .contains("hatchet_worker_tasks_failed_total{worker=\"probe\"} 2\n")
        .contains("hatchet_worker_tasks_retried_total{worker=\"probe\"} 1\n")
        .contains("# TYPE hatchet_worker_queue_wait_seconds summary\n")
        .contains("hatchet_worker_actions{worker=\"probe\"} 2\n");
    assertThat(worker.stats().tasksCompleted()).isEqualTo(1);

    assertThat(get(address, "/nowhere").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(HttpRequest.newBuilder(uri(address, "/health")).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);

    worker.close();
    assertThat(worker.healthcheckAddress()).isEmpty();
    assertThatThrownBy(() -> get(address, "/livez"))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void notReadyButAliveWhileTheEngineIsGone() throws Exception {
    Worker worker = started(hatchet, probed("orphan"), OK);
    InetSocketAddress address = worker.healthcheckAddress().orElseThrow();
    await("a ready worker", Duration.ofSeconds(20), () -> get(address, "/readyz").statusCode() == 200);

    fixture.engine.close();

    await("an unready worker", Duration.ofSeconds(20), () -> get(address, "/readyz").statusCode() == 503);
    assertThat(get(address, "/health").body()).contains("\"status\":\"UNHEALTHY\"");
    assertThat(get(address, "/metrics").body()).contains("hatchet_worker_status{worker=\"orphan\"} 0\n");
    assertThat(get(address, "/livez").statusCode()).isEqualTo(200);
  }

  @Test
  void theVariablesOfTheOfficialSdksSwitchItOn() {
    WorkerOptions options =
        WorkerOptions.builder()
            .setName("env")
            .setEnvironment(Map.of(
                "HATCHET_CLIENT_WORKER_HEALTHCHECK_ENABLED", "true",
                "HATCHET_CLIENT_WORKER_HEALTHCHECK_PORT", "9123",
                "HATCHET_CLIENT_WORKER_HEALTHCHECK_BIND_ADDRESS", "127.0.0.1"))
            .build();
    assertThat(options.healthcheck()).hasValueSatisfying(healthcheck -> {
      assertThat(healthcheck.port()).isEqualTo(9123);
      assertThat(healthcheck.bindAddress()).isEqualTo("127.0.0.1");
    });
    assertThat(WorkerOptions.builder().setName("off").setEnvironment(Map.of()).build().healthcheck()).isEmpty();
    assertThat(WorkerOptions.builder().setName("default-port")
            .setEnvironment(Map.of("HATCHET_CLIENT_WORKER_HEALTHCHECK_ENABLED", "true")).build().healthcheck())
        .hasValueSatisfying(healthcheck -> assertThat(healthcheck.port()).isEqualTo(HealthcheckOptions.DEFAULT_PORT));
    assertThatThrownBy(() -> WorkerOptions.builder().setName("bad")
            .setEnvironment(Map.of("HATCHET_CLIENT_WORKER_HEALTHCHECK_ENABLED", "true",
                "HATCHET_CLIENT_WORKER_HEALTHCHECK_PORT", "eighty")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HATCHET_CLIENT_WORKER_HEALTHCHECK_PORT");
  }

  private HttpResponse<String> get(InetSocketAddress address, String path) {
    try {
      return http.send(HttpRequest.newBuilder(uri(address, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(InetSocketAddress address, String path) {
    return URI.create("http://127.0.0.1:" + address.getPort() + path);
  }
}
