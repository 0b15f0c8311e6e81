package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowEventsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.v1.AdminServiceGrpc;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.WorkflowServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors that say what is wrong: malformed requests, bad trace contexts, other tenants' runs. */
class ErrorReportingTest extends SharedEngineTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @BeforeAll
  static void registerWorkflow() {
    client.register("traced", TestClient.task("traced", "step"));
  }

  /** Sends raw bytes as the request of a unary method. */
  private static byte[] callRaw(String fullMethodName, byte[] request) {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullMethodName)
        .setRequestMarshaller(new Bytes())
        .setResponseMarshaller(new Bytes())
        .build();
    return ClientCalls.blockingUnaryCall(client.channel, method,
        CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS), request);
  }

  @Test
  void randomBytesToAUnaryMethodAreAnInvalidArgument() {
    byte[] junk = new byte[512];
    new Random(42).nextBytes(junk);
    junk[0] = (byte) 0xff; // field 31, wire type 7: never valid protobuf
    for (String method : new String[] {
        AdminServiceGrpc.getTriggerWorkflowRunMethod().getFullMethodName(),
        WorkflowServiceGrpc.getTriggerWorkflowMethod().getFullMethodName()}) {
      assertThatThrownBy(() -> callRaw(method, junk))
          .as(method)
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith("malformed " + method + " request");
          });
    }
    // A good request on the same channel still works.
    assertThat(client.trigger("traced", "{}")).hasSize(36);
  }

  @Test
  void anAllZeroTraceparentIsReplacedByAFreshOne() throws Exception {
    String zero = "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01";
    String[] traces = new String[2];
    for (int i = 0; i < 2; i++) {
      String runId = client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("traced")
          .setInput("{}").setAdditionalMetadata("{\"traceparent\":\"" + zero + "\",\"k\":\"v\"}").build())
          .getWorkflowRunId();
      JsonNode metadata = MAPPER.readTree(client.details(runId).getAdditionalMetadata().toStringUtf8());
      assertThat(metadata.get("k").asText()).isEqualTo("v");
      String traceparent = metadata.get("traceparent").asText();
      assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isNotEqualTo(zero);
      traces[i] = traceparent.split("-")[1];
      assertThat(traces[i]).isNotEqualTo("0".repeat(32));
    }
    assertThat(traces[0]).as("unrelated runs get unrelated traces").isNotEqualTo(traces[1]);

    String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    String kept = client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder().setName("traced")
        .setInput("{}").setAdditionalMetadata("{\"traceparent\":\"" + valid + "\"}").build()).getWorkflowRunId();
    assertThat(MAPPER.readTree(client.details(kept).getAdditionalMetadata().toStringUtf8()).get("traceparent")
        .asText()).isEqualTo(valid);
  }

  @Test
  void anotherTenantsRunIsNotFound() throws Exception {
    Tenant other = engine.createTenant("other");
    String othersRun;
    try (TestClient otherClient = TestClient.connect(engine, other.token())) {
      otherClient.register("traced", TestClient.task("traced", "step"));
      othersRun = otherClient.trigger("traced", "{}");
    }

    WorkflowRunEvent answer = client.awaitResult(othersRun);
    assertThat(answer.getWorkflowRunId()).isEqualTo(othersRun);
    assertThat(answer.getResultsList()).singleElement()
        .satisfies(r -> assertThat(r.getError()).isEqualTo("NOT_FOUND: workflow run " + othersRun + " not found"));
    assertThat(client.awaitResult("not-a-run").getResults(0).getError()).startsWith("NOT_FOUND: ");

    assertThatThrownBy(() -> client.dispatcher.subscribeToWorkflowEvents(
        SubscribeToWorkflowEventsRequest.newBuilder().setWorkflowRunId(othersRun).build()).hasNext())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
