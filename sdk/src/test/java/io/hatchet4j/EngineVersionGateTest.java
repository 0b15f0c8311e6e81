package io.hatchet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.DispatcherGrpc;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;
import io.hatchet4j.proto.dispatcher.GetVersionResponse;
import io.hatchet4j.proto.dispatcher.WorkerListenRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterResponse;
import io.hatchet4j.proto.v1.AdminServiceGrpc;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.CreateWorkflowVersionResponse;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does with the version a (fake) engine reports over a real gRPC connection: a
 * feature the engine lacks fails before anything is registered, naming the feature and the version.
 */
class EngineVersionGateTest {
  record In(int n) {}

  private static final Workflow<In, In> DURABLE =
      Workflow.standalone(Task.builder("durable-echo", In.class, In.class).setDurableHandler((in, ctx) -> in).build());
  private static final Workflow<In, In> PLAIN =
      Workflow.standalone(Task.builder("plain-echo", In.class, In.class).setHandler((in, ctx) -> in).build());

  private final List<CreateWorkflowVersionRequest> registeredWorkflows = new CopyOnWriteArrayList<>();
  private final List<WorkerRegisterRequest> registeredWorkers = new CopyOnWriteArrayList<>();
  private Server server;
  private Hatchet hatchet;

  @AfterEach
  void stop() throws InterruptedException {
    if (hatchet != null) {
      hatchet.close();
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void durableTasksOnAnOlderEngineFailNamingTheFeatureAndTheVersion() {
    start("v0.78.0");
    Worker worker = hatchet.newWorker(EngineFixture.worker("w", 2)).register(DURABLE);
    assertThatThrownBy(worker::start)
        .isInstanceOf(HatchetException.class)
        .hasMessageStartingWith(
            "durable tasks need Hatchet engine v0.80.0 or newer; the engine at " + hatchet.config().hostPort() + " reports v0.78.0");
    assertThat(registeredWorkflows).as("nothing registered with an engine that cannot run it").isEmpty();
    assertThat(registeredWorkers).isEmpty();
  }

  @Test
  void aDevelopmentBuildCountsAsOldAsTheOfficialSdksCountIt() {
    start("v0.1.0-alpha.0");
    Worker worker = hatchet.newWorker(EngineFixture.worker("w", 2)).register(DURABLE);
    assertThatThrownBy(worker::start).hasMessageContaining("reports v0.1.0-alpha.0");
  }

  @Test
  void anEngineWithoutGetVersionPredatesEveryFeature() {
    start(null);
    Worker worker = hatchet.newWorker(EngineFixture.worker("w", 2)).register(DURABLE);
    assertThatThrownBy(worker::start)
        .isInstanceOf(HatchetException.class)
        .hasMessageContaining("durable tasks need Hatchet engine v0.80.0 or newer")
        .hasMessageContaining("does not report its version");
  }

  @Test
  void anEngineBeforeSlotConfigGetsTheLegacySlotsField() {
    start("v0.70.0");
    hatchet.newWorker(EngineFixture.worker("w", 3)).register(PLAIN).start();
    assertThat(registeredWorkflows).hasSize(1);
    assertThat(registeredWorkers).singleElement().satisfies(request -> {
      assertThat(request.getSlots()).isEqualTo(3);
      assertThat(request.getSlotConfigMap()).containsEntry("default", 3);
    });
  }

  @Test
  void aCurrentEngineGetsOnlySlotConfig() {
    start("v0.88.1");
    hatchet.newWorker(EngineFixture.worker("w", 3)).register(PLAIN).start();
    assertThat(registeredWorkers).singleElement().satisfies(request -> assertThat(request.hasSlots()).isFalse());
  }

  @Test
  void aCallTheEngineDoesNotImplementFailsNamingTheEngineAndItsVersion() {
    start("v0.78.0");
    assertThatThrownBy(() -> hatchet.runNoWait(PLAIN, new In(1)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("triggering workflow plain-echo failed with UNIMPLEMENTED")
        .hasMessageContaining("the engine at " + hatchet.config().hostPort() + ", which reports v0.78.0, does not implement this call");
  }

  /** A fake engine on loopback; {@code version} null leaves GetVersion unimplemented. */
  private void start(String version) {
    DispatcherGrpc.DispatcherImplBase dispatcher =
        new DispatcherGrpc.DispatcherImplBase() {
          @Override
          public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> observer) {
            if (version == null) {
              super.getVersion(request, observer);
              return;
            }
            observer.onNext(GetVersionResponse.newBuilder().setVersion(version).build());
            observer.onCompleted();
          }

          @Override
          public void register(WorkerRegisterRequest request, StreamObserver<WorkerRegisterResponse> observer) {
            registeredWorkers.add(request);
            observer.onNext(WorkerRegisterResponse.newBuilder().setWorkerId("worker-1").build());
            observer.onCompleted();
          }

          @Override
          public void listenV2(WorkerListenRequest request, StreamObserver<AssignedAction> observer) {
            // Open, with nothing to do.
          }
        };
    AdminServiceGrpc.AdminServiceImplBase admin =
        new AdminServiceGrpc.AdminServiceImplBase() {
          @Override
          public void putWorkflow(CreateWorkflowVersionRequest request, StreamObserver<CreateWorkflowVersionResponse> observer) {
            registeredWorkflows.add(request);
            observer.onNext(CreateWorkflowVersionResponse.getDefaultInstance());
            observer.onCompleted();
          }
        };
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(dispatcher)
          .addService(admin)
          .build()
          .start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    hatchet = Hatchet.builder()
        .setEnvironment(Map.of())
        .setToken(Tokens.standard())
        .setHostPort("127.0.0.1:" + server.getPort())
        .setTlsStrategy(TlsStrategy.NONE)
        .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(2).setInitialBackoff(Duration.ZERO).build())
        .build();
  }
}
