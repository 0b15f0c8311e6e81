package io.hatchet4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.hatchet4j.EngineException;
import io.hatchet4j.RetryPolicy;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.proto.v1.IdempotencyCollisionError;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private static final RetryPolicy FAST =
      RetryPolicy.builder().setMaxAttempts(4).setInitialBackoff(Duration.ZERO).setMaxBackoff(Duration.ZERO)
          .setJitter(Duration.ZERO).build();

  private final ManagedChannel channel = NettyChannelBuilder.forTarget("localhost:1").usePlaintext().build();

  @AfterEach
  void close() {
    channel.shutdownNow();
  }

  @Test
  void retriesUnavailableUntilTheCallSucceeds() throws Exception {
    Deque<RuntimeException> failures = new ArrayDeque<>(List.of(ambiguous(), refused()));
    AtomicInteger calls = new AtomicInteger();
    String result = retrier(FAST).call("op", Retrier.Replay.ALWAYS, () -> {
      calls.incrementAndGet();
      if (!failures.isEmpty()) {
        throw failures.pop();
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void givesUpAfterMaxAttemptsNamingThemInTheError() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ClientRuntime.call("triggering workflow w", () -> retrier(FAST).call("op", Retrier.Replay.ALWAYS, () -> {
          calls.incrementAndGet();
          throw refused();
        })))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("triggering workflow w failed with UNAVAILABLE")
        .hasMessageContaining("after 4 attempts to engine:7070");
    assertThat(calls).hasValue(4);
  }

  @Test
  void answersFromTheEngineAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retrier(FAST).call("op", Retrier.Replay.ALWAYS, () -> {
          calls.incrementAndGet();
          throw Status.INVALID_ARGUMENT.withDescription("bad input").asRuntimeException();
        }))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessage("INVALID_ARGUMENT: bad input");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aCallThatMustNotRunTwiceIsOnlyRetriedWhenItNeverReachedTheEngine() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result = retrier(FAST).call("op", Retrier.Replay.IF_NOT_SENT, () -> {
      if (calls.incrementAndGet() < 3) {
        throw refused();
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");

    calls.set(0);
    assertThatThrownBy(() -> retrier(FAST).call("op", Retrier.Replay.IF_NOT_SENT, () -> {
          calls.incrementAndGet();
          throw ambiguous();
        }))
        .hasMessageContaining("after 1 attempt")
        .hasMessageContaining("the engine may have received it");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRetriedTriggerThatCollidesWithItsOwnFirstAttemptReturnsThatRun() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String runId = retrier(FAST).call("op", Retrier.Replay.ALWAYS, () -> {
      if (calls.incrementAndGet() == 1) {
        throw ambiguous();
      }
      throw collision("run-1");
    }, IdempotencyCollision::existingRunId);
    assertThat(runId).isEqualTo("run-1");

    // A collision on the first attempt is another caller's run: the caller hears of it.
    assertThatThrownBy(() -> retrier(FAST).call("op", Retrier.Replay.ALWAYS, () -> {
          throw collision("run-2");
        }, IdempotencyCollision::existingRunId))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("idempotency key collision");
  }

  @Test
  void closingStopsACallWaitingToRetry() throws Exception {
    Retrier retrier = retrier(RetryPolicy.builder().setInitialBackoff(Duration.ofMinutes(1))
        .setMaxBackoff(Duration.ofMinutes(1)).build());
    CountDownLatch failedOnce = new CountDownLatch(1);
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
      try {
        return retrier.call("op", Retrier.Replay.ALWAYS, () -> {
          failedOnce.countDown();
          throw refused();
        });
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();
    retrier.close();
    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasMessageContaining("the client is closing");
  }

  @Test
  void connectionFailuresAndRefusedStreamsCountAsNeverSent() {
    assertThat(Retrier.neverSent(refused())).isTrue();
    assertThat(Retrier.neverSent(Status.UNAVAILABLE.withDescription("Abrupt GOAWAY closed unsent stream").asRuntimeException()))
        .isTrue();
    assertThat(Retrier.neverSent(ambiguous())).isFalse();
  }

  @Test
  void onlyTopLevelKeyedTriggersAreKeptFromAmbiguousResends() {
    WorkflowTrigger child = trigger("parent-task", 0, "child-key");
    WorkflowTrigger childByIndex = trigger("parent-task", 1, null);
    WorkflowTrigger topLevel = trigger(null, null, null);
    WorkflowTrigger topLevelKeyed = trigger(null, null, "top-key");
    assertThat(ClientRuntime.replay(List.of(child, childByIndex, topLevel))).isEqualTo(Retrier.Replay.ALWAYS);
    assertThat(ClientRuntime.replay(List.of(topLevelKeyed))).isEqualTo(Retrier.Replay.IF_NOT_SENT);
    assertThat(ClientRuntime.replay(List.of(child, topLevelKeyed))).isEqualTo(Retrier.Replay.IF_NOT_SENT);
  }

  private static WorkflowTrigger trigger(String parentTask, Integer childIndex, String key) {
    return new WorkflowTrigger("w", "{}", Map.of(), null, parentTask == null ? null : "parent-run", parentTask,
        childIndex, key, Map.of());
  }

  private Retrier retrier(RetryPolicy policy) {
    return new Retrier(policy, channel, "engine:7070");
  }

  private static StatusRuntimeException refused() {
    return Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused: localhost/127.0.0.1:7070"))
        .asRuntimeException();
  }

  private static StatusRuntimeException ambiguous() {
    return Status.UNAVAILABLE.withDescription("Network closed for unknown reason").asRuntimeException();
  }

  private static StatusRuntimeException collision(String existing) {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.ALREADY_EXISTS.value())
        .setMessage("idempotency key collision")
        .addDetails(Any.pack(IdempotencyCollisionError.newBuilder().setExistingRunExternalId(existing).build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }
}
