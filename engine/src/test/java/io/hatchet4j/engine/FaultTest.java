package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.v1.CancelTasksRequest;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DefaultFilter;
import io.hatchet4j.proto.v1.RunStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile input must not stop the engine: each case is refused or handled, and the engine goes on
 * serving. Errors thrown inside the scheduler loop itself are covered by the orchestrator's own
 * test ({@code internal.runs.OrchestratorTest}), which can hand the loop any command.
 */
class FaultTest extends SharedEngineTest {
  private static final int CHAIN = 2000;

  @Test
  void anEventFilterOf2000NestedParenthesesIsRefusedAndTheEngineGoesOn() throws Exception {
    String nested = "(".repeat(CHAIN) + "true" + ")".repeat(CHAIN);
    CreateWorkflowVersionRequest request = CreateWorkflowVersionRequest.newBuilder()
        .setName("nested-filter")
        .addEventTriggers("nested:event")
        .addTasks(task("nested-filter", "t"))
        .addDefaultFilters(DefaultFilter.newBuilder().setExpression(nested).setScope("s"))
        .build();

    assertThatThrownBy(() -> client.admin.putWorkflow(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("expression nests deeper than 64 levels");
        });

    assertARunCompletes("after-filter");
  }

  @Test
  void inputNestedTooDeeplyIsRefusedAsSuch() {
    client.register("deep-input", task("deep-input", "t"));
    String deep = "{\"a\":".repeat(300) + "{}" + "}".repeat(300);

    assertThatThrownBy(() -> client.trigger("deep-input", deep))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).endsWith("nests deeper than 256 levels");
        });
  }

  @Test
  void cancellingARunOfA2000TaskChainCancelsItAllAndTheEngineGoesOn() throws Exception {
    CreateWorkflowVersionRequest.Builder chain = CreateWorkflowVersionRequest.newBuilder().setName("chain");
    chain.addTasks(task("chain", "t0"));
    for (int i = 1; i < CHAIN; i++) {
      chain.addTasks(task("chain", "t" + i).addParents("t" + (i - 1)));
    }
    client.admin.putWorkflow(chain.build());
    String runId = client.trigger("chain", "{}");

    List<String> cancelled = client.admin.cancelTasks(CancelTasksRequest.newBuilder().addExternalIds(runId).build())
        .getCancelledTasksList();

    assertThat(cancelled).hasSize(CHAIN);
    assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.CANCELLED);
    assertARunCompletes("after-chain");
  }

  @Test
  void grpcHealthReportsServingWithoutAToken() throws Exception {
    TestClient anonymous = TestClient.connect(engine, null);
    try {
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(anonymous.channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS);
      assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(health.check(HealthCheckRequest.newBuilder().setService("v1.AdminService").build()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
    } finally {
      anonymous.close();
    }
  }

  @Test
  void readinessIsOkOverHttp() throws Exception {
    HttpResponse<String> ready = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/api/ready")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  /** Registers a one-task workflow, runs it on a worker and checks that the run completes. */
  private static void assertARunCompletes(String workflow) throws Exception {
    CreateTaskOpts.Builder only = task(workflow, "t");
    client.register(workflow, only);
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action(workflow, "t"))) {
      String runId = client.trigger(workflow, "{}");
      AssignedAction action = worker.nextStart();
      worker.started(action);
      worker.completed(action, "{\"ok\":true}");
      assertThat(client.awaitResult(runId).getResults(0).hasError()).isFalse();
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.COMPLETED);
    }
  }
}
