package io.hatchet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.v1.IdempotencyCollisionError;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.TriggerWorkflowResponse;
import io.hatchet4j.proto.workflows.WorkflowServiceGrpc;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A trigger the engine received but could not answer ({@code UNAVAILABLE} from the engine itself,
 * as when it goes down mid-call): what the client sends again, against a fake engine on loopback.
 */
class TriggerRetryTest {
  record In(int n) {}

  private static final Workflow<In, In> ECHO =
      Workflow.standalone(Task.builder("echo", In.class, In.class).setHandler((in, ctx) -> in).build());

  private final List<TriggerWorkflowRequest> received = new CopyOnWriteArrayList<>();
  /** How the fake answers each trigger, in turn; once empty, it creates run {@code run-<n>}. */
  private final Deque<Consumer<StreamObserver<TriggerWorkflowResponse>>> answers = new ArrayDeque<>();
  private Server server;
  private Hatchet hatchet;

  @AfterEach
  void stop() throws InterruptedException {
    hatchet.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void anUnkeyedTopLevelTriggerIsSentAgainAsTheOfficialSdksDo() throws IOException {
    start();
    answers.add(lostAfterReceiving());
    assertThat(hatchet.runNoWait(ECHO, new In(1)).runId()).isEqualTo("run-2");
    assertThat(received).hasSize(2);
  }

  @Test
  void aKeyedTopLevelTriggerIsNotSentAgainOnceTheEngineMayHaveIt() throws IOException {
    start();
    answers.add(lostAfterReceiving());
    TriggerOptions keyed = TriggerOptions.builder().setKey("order-42").build();
    assertThatThrownBy(() -> hatchet.runNoWait(ECHO, new In(1), keyed))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("triggering workflow echo failed with UNAVAILABLE")
        .hasMessageContaining("after 1 attempt")
        .hasMessageContaining("the engine may have received it");
    assertThat(received).as("sent once").hasSize(1);
  }

  @Test
  void aRetriedTriggerThatMeetsItsOwnIdempotencyKeyReturnsTheRunTheFirstAttemptCreated() throws IOException {
    start();
    answers.add(lostAfterReceiving());
    answers.add(observer -> observer.onError(StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.ALREADY_EXISTS.value())
            .setMessage("idempotency key collision")
            .addDetails(Any.pack(IdempotencyCollisionError.newBuilder().setExistingRunExternalId("run-1").build()))
            .build())));
    assertThat(hatchet.runNoWait(ECHO, new In(1)).runId()).isEqualTo("run-1");
    assertThat(received).hasSize(2);
  }

  @Test
  void aFirstAttemptThatMeetsAnIdempotencyKeyFailsNamingTheRunThatHoldsIt() throws IOException {
    start();
    answers.add(observer -> observer.onError(StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.ALREADY_EXISTS.value())
            .setMessage("idempotency key collision")
            .addDetails(Any.pack(IdempotencyCollisionError.newBuilder().setExistingRunExternalId("run-7").build()))
            .build())));
    assertThatThrownBy(() -> hatchet.runNoWait(ECHO, new In(1)))
        .isInstanceOf(EngineException.class)
        .hasMessage("triggering workflow echo failed with ALREADY_EXISTS: idempotency key collision"
            + " (run run-7 holds the workflow's idempotency key)");
    assertThat(received).hasSize(1);
  }

  @Test
  void theEnginesOtherAnswersAreNotRetried() throws IOException {
    start();
    answers.add(observer -> observer.onError(Status.NOT_FOUND.withDescription("workflow echo not found").asRuntimeException()));
    assertThatThrownBy(() -> hatchet.runNoWait(ECHO, new In(1)))
        .isInstanceOf(EngineException.class)
        .hasMessage("triggering workflow echo failed with NOT_FOUND: workflow echo not found");
    assertThat(received).hasSize(1);
  }

  private static Consumer<StreamObserver<TriggerWorkflowResponse>> lostAfterReceiving() {
    return observer -> observer.onError(Status.UNAVAILABLE.withDescription("engine going away").asRuntimeException());
  }

  private void start() throws IOException {
    WorkflowServiceGrpc.WorkflowServiceImplBase workflows =
        new WorkflowServiceGrpc.WorkflowServiceImplBase() {
          @Override
          public void triggerWorkflow(TriggerWorkflowRequest request, StreamObserver<TriggerWorkflowResponse> observer) {
            received.add(request);
            Consumer<StreamObserver<TriggerWorkflowResponse>> answer = answers.poll();
            if (answer != null) {
              answer.accept(observer);
              return;
            }
            observer.onNext(TriggerWorkflowResponse.newBuilder().setWorkflowRunId("run-" + received.size()).build());
            observer.onCompleted();
          }
        };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(workflows).build().start();
    hatchet = Hatchet.builder()
        .setEnvironment(Map.of())
        .setToken(Tokens.standard())
        .setHostPort("127.0.0.1:" + server.getPort())
        .setTlsStrategy(TlsStrategy.NONE)
        .setRetryPolicy(RetryPolicy.builder().setInitialBackoff(Duration.ZERO).setJitter(Duration.ZERO).build())
        .build();
  }
}
