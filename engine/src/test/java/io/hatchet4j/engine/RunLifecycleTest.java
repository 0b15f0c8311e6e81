package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.model.LogRecord;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;
import io.hatchet4j.proto.dispatcher.ResourceEventType;
import io.hatchet4j.proto.dispatcher.ResourceType;
import io.hatchet4j.proto.dispatcher.StepRunResult;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowEventsRequest;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowRunsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowEvent;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.events.PutLogRequest;
import io.hatchet4j.proto.events.PutStreamEventRequest;
import io.hatchet4j.proto.v1.GetRunDetailsResponse;
import io.hatchet4j.proto.v1.RunStatus;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunLifecycleTest extends SharedEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void reportsTheVersionThatMatchesItsFeatures() {
    assertThat(client.dispatcher.getVersion(GetVersionRequest.getDefaultInstance()).getVersion()).isEqualTo("v0.82.0");
  }

  @Test
  void runsATaskAndDeliversItsOutput() throws Exception {
    client.register("simple", task("simple", "step1"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("simple", "step1"))) {
      String runId = client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder()
          .setName("simple")
          .setInput("{\"name\": \"world\"}")
          .setAdditionalMetadata("{\"source\":\"test\"}")
          .setPriority(2)
          .build()).getWorkflowRunId();

      AssignedAction action = worker.nextStart();
      assertThat(action.getTenantId()).isEqualTo(engine.tenantId());
      assertThat(action.getWorkflowRunId()).isEqualTo(runId);
      // A single-task workflow's task shares the run's id, as upstream's standalone tasks do.
      assertThat(action.getTaskRunExternalId()).isEqualTo(runId);
      assertThat(action.getJobRunId()).isEqualTo(runId);
      assertThat(action.getActionId()).isEqualTo("simple:step1");
      assertThat(action.getTaskName()).isEqualTo("step1");
      assertThat(action.getJobName()).isEqualTo("step1");
      assertThat(action.getTaskId()).isNotEmpty().isEqualTo(action.getJobId());
      assertThat(action.getRetryCount()).isZero();
      assertThat(action.getPriority()).isEqualTo(2);
      // The engine adds the run's traceparent, as upstream does.
      assertThat(action.getAdditionalMetadata()).startsWith("{\"source\":\"test\",").contains("\"traceparent\":\"00-");
      assertThat(action.getWorkflowId()).isNotEmpty();
      assertThat(action.getWorkflowVersionId()).isNotEmpty();
      assertThat(action.hasParentWorkflowRunId()).isFalse();
      assertThat(action.hasTriggeringEventExternalId()).isFalse();
      JsonNode payload = JSON.readTree(action.getActionPayload());
      assertThat(payload.get("input")).isEqualTo(JSON.readTree("{\"name\":\"world\"}"));
      assertThat(payload.get("triggered_by").asText()).isEqualTo("manual");
      assertThat(payload.get("parents").isObject()).isTrue();
      assertThat(payload.get("parents").isEmpty()).isTrue();
      assertThat(payload.get("triggers").has("filter_payload")).isTrue();
      assertThat(payload.get("triggers").get("filter_payload").isNull()).isTrue();
      assertThat(payload.get("user_data").isNull()).isTrue();
      assertThat(payload.get("overrides").isNull()).isTrue();
      assertThat(payload.has("step_run_errors")).isFalse();

      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.RUNNING);
      worker.started(action);
      worker.completed(action, "{\"greeting\": \"hello world\"}");

      WorkflowRunEvent result = client.awaitResult(runId);
      assertThat(result.getWorkflowRunId()).isEqualTo(runId);
      assertThat(result.getResultsList()).singleElement().satisfies(r -> {
        assertThat(r.getTaskName()).isEqualTo("step1");
        assertThat(r.getTaskRunExternalId()).isEqualTo(runId);
        assertThat(r.hasError()).isFalse();
        assertThat(JSON.readTree(r.getOutput())).isEqualTo(JSON.readTree("{\"greeting\":\"hello world\"}"));
      });

      GetRunDetailsResponse details = client.details(runId);
      assertThat(details.getStatus()).isEqualTo(RunStatus.COMPLETED);
      assertThat(details.getDone()).isTrue();
      assertThat(details.getInput().toStringUtf8()).isEqualTo("{\"name\":\"world\"}");
      assertThat(details.getTaskRunsMap().get("step1").getOutput().toStringUtf8()).contains("hello world");
    }
  }

  @Test
  void passesParentOutputsDownADag() throws Exception {
    client.register("dag", task("dag", "first"), task("dag", "second").addParents("first"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("dag", "first"), TestClient.action("dag", "second"))) {
      String runId = client.trigger("dag", "{\"n\": 1}");

      AssignedAction first = worker.nextStart();
      assertThat(first.getTaskName()).isEqualTo("first");
      assertThat(first.getTaskRunExternalId()).isNotEqualTo(runId);
      // The child waits for its parent: the trigger's assignment pass, the only one so far, left it alone.
      assertThat(client.details(runId).getTaskRunsMap().get("second").getStatus()).isEqualTo(RunStatus.QUEUED);
      worker.started(first);
      worker.completed(first, "{\"value\": 42}");

      AssignedAction second = worker.nextStart();
      assertThat(second.getTaskName()).isEqualTo("second");
      assertThat(second.getWorkflowRunId()).isEqualTo(runId);
      JsonNode payload = JSON.readTree(second.getActionPayload());
      assertThat(payload.at("/parents/first/value").asInt()).isEqualTo(42);
      assertThat(payload.at("/input/n").asInt()).isEqualTo(1);
      worker.completed(second, "{\"done\": true}");

      WorkflowRunEvent result = client.awaitResult(runId);
      assertThat(result.getResultsList()).extracting(StepRunResult::getTaskName).containsExactly("first", "second");
      assertThat(client.details(runId).getStatus()).isEqualTo(RunStatus.COMPLETED);
    }
  }

  @Test
  void streamsRunEventsUntilHangup() throws Exception {
    client.register("events", task("events", "only"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("events", "only"))) {
      String runId = client.trigger("events", "{}");
      List<WorkflowEvent> events = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> ended = new CompletableFuture<>();
      client.dispatcherAsync.subscribeToWorkflowEvents(
          SubscribeToWorkflowEventsRequest.newBuilder().setWorkflowRunId(runId).build(),
          new StreamObserver<>() {
            @Override
            public void onNext(WorkflowEvent value) {
              events.add(value);
            }

            @Override
            public void onError(Throwable t) {
              ended.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              ended.complete(null);
            }
          });
      AssignedAction action = worker.nextStart();
      // Wait until the subscription is in place before the task reports anything: stream events
      // reach only subscribers that exist, so probe with them until one comes back.
      PutStreamEventRequest probe = PutStreamEventRequest.newBuilder()
          .setTaskRunExternalId(action.getTaskRunExternalId()).setMessage(ByteString.copyFromUtf8("probe")).build();
      TestClient.await("the subscription", () -> {
        client.events.putStreamEvent(probe);
        return !events.isEmpty();
      });
      worker.started(action);
      client.events.putStreamEvent(PutStreamEventRequest.newBuilder()
          .setTaskRunExternalId(action.getTaskRunExternalId())
          .setMessage(ByteString.copyFromUtf8("chunk-1"))
          .setEventIndex(0)
          .build());
      worker.completed(action, "{\"ok\": true}");
      ended.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);

      // The probes all came before the task reported anything.
      int probes = (int) events.stream().takeWhile(e -> e.getEventPayload().equals("probe")).count();
      assertThat(probes).isPositive();
      List<WorkflowEvent> reported = events.subList(probes, events.size());
      assertThat(reported).extracting(WorkflowEvent::getEventType).containsExactly(
          ResourceEventType.RESOURCE_EVENT_TYPE_STARTED,
          ResourceEventType.RESOURCE_EVENT_TYPE_STREAM,
          ResourceEventType.RESOURCE_EVENT_TYPE_COMPLETED,
          ResourceEventType.RESOURCE_EVENT_TYPE_COMPLETED);
      assertThat(reported.get(1).getEventPayload()).isEqualTo("chunk-1");
      assertThat(reported.get(2).getEventPayload()).contains("\"ok\"");
      WorkflowEvent last = reported.get(3);
      assertThat(last.getResourceType()).isEqualTo(ResourceType.RESOURCE_TYPE_WORKFLOW_RUN);
      assertThat(last.getHangup()).isTrue();
    }
  }

  @Test
  void answersResultSubscriptionsForFinishedRunsAtOnce() throws Exception {
    client.register("finished", task("finished", "t"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("finished", "t"))) {
      String runId = client.trigger("finished", "{}");
      AssignedAction action = worker.nextStart();
      worker.completed(action, "{}");
      TestClient.await("run to complete", () -> client.details(runId).getDone());
      assertThat(client.awaitResult(runId).getWorkflowRunId()).isEqualTo(runId);
    }
  }

  @Test
  void spawnsEachChildOnceForTheSameParentAndIndex() throws Exception {
    client.register("parent", task("parent", "spawn"));
    client.register("child", task("child", "work"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("parent", "spawn"), TestClient.action("child", "work"))) {
      String parentRun = client.trigger("parent", "{}");
      AssignedAction parent = worker.nextStart();
      TriggerWorkflowRequest childRequest = TriggerWorkflowRequest.newBuilder()
          .setName("child")
          .setInput("{\"i\": 0}")
          .setParentId(parentRun)
          .setParentTaskRunExternalId(parent.getTaskRunExternalId())
          .setChildIndex(0)
          .build();
      String child = client.workflows.triggerWorkflow(childRequest).getWorkflowRunId();
      String again = client.workflows.triggerWorkflow(childRequest).getWorkflowRunId();
      assertThat(again).isEqualTo(child);

      AssignedAction childAction = worker.nextStart();
      assertThat(childAction.getWorkflowRunId()).isEqualTo(child);
      assertThat(childAction.getParentWorkflowRunId()).isEqualTo(parent.getTaskRunExternalId());
      assertThat(childAction.getChildWorkflowIndex()).isZero();
      worker.completed(childAction, "{}");
      worker.completed(parent, "{}");
      assertThat(client.awaitResult(parentRun).getResultsList()).hasSize(1);
    }
  }

  @Test
  void assignsHigherPriorityFirstAndFifoWithinAPriority() throws Exception {
    client.register("prio", task("prio", "t"));
    List<String> order = new ArrayList<>();
    for (int priority : new int[] {1, 3, 1, 2, 3}) {
      order.add(client.workflows.triggerWorkflow(TriggerWorkflowRequest.newBuilder()
          .setName("prio").setInput("{}").setPriority(priority).build()).getWorkflowRunId());
    }
    try (TestWorker worker = TestWorker.start(client, 1, TestClient.action("prio", "t"))) {
      List<String> assigned = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        AssignedAction action = worker.nextStart();
        assigned.add(action.getWorkflowRunId());
        worker.completed(action, "{}");
      }
      assertThat(assigned).containsExactly(order.get(1), order.get(4), order.get(3), order.get(0), order.get(2));
    }
  }

  @Test
  void answersUnknownRunIdsWithNotFoundOnAResultStreamItShares() throws Exception {
    client.register("shared", task("shared", "t"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("shared", "t"))) {
      String runId = client.trigger("shared", "{}");
      BlockingQueue<WorkflowRunEvent> received = new LinkedBlockingQueue<>();
      StreamObserver<SubscribeToWorkflowRunsRequest> requests =
          client.dispatcherAsync.subscribeToWorkflowRuns(new StreamObserver<>() {
            @Override
            public void onNext(WorkflowRunEvent value) {
              received.add(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      String unknown = UUID.randomUUID().toString();
      requests.onNext(SubscribeToWorkflowRunsRequest.newBuilder()
          .setWorkflowRunId(unknown).build());
      requests.onNext(SubscribeToWorkflowRunsRequest.newBuilder()
          .setWorkflowRunId("not-a-uuid").build());
      requests.onNext(SubscribeToWorkflowRunsRequest.newBuilder()
          .setWorkflowRunId(runId).build());
      // The unknown ones are answered at once, each on its own; the stream stays open for the real one.
      java.util.Map<String, WorkflowRunEvent> notFound = new java.util.HashMap<>();
      for (int i = 0; i < 2; i++) {
        WorkflowRunEvent event = received.poll(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        notFound.put(event.getWorkflowRunId(), event);
      }
      assertThat(notFound.keySet()).containsExactlyInAnyOrder(unknown, "not-a-uuid");
      assertThat(notFound.get(unknown).getResults(0).getError()).isEqualTo("NOT_FOUND: workflow run " + unknown + " not found");
      worker.completed(worker.nextStart(), "{}");
      WorkflowRunEvent event = received.poll(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.getWorkflowRunId()).isEqualTo(runId);
      assertThat(event.getResults(0).getError()).isEmpty();
      requests.onCompleted();
    }
  }

  @Test
  void keepsTaskLogsReadableByTaskRunId() throws Exception {
    client.register("logs", task("logs", "t"));
    try (TestWorker worker = TestWorker.start(client, 5, TestClient.action("logs", "t"))) {
      client.trigger("logs", "{}");
      AssignedAction action = worker.nextStart();
      for (String line : List.of("first line", "second line")) {
        client.events.putLog(PutLogRequest.newBuilder()
            .setTaskRunExternalId(action.getTaskRunExternalId())
            .setMessage(line)
            .setLevel("INFO")
            .build());
      }
      assertThat(engine.orchestrator().logs(engine.tenantId(), action.getTaskRunExternalId()).get())
          .extracting(LogRecord::message)
          .containsExactly("first line", "second line");
      worker.completed(action, "{}");
    }
  }
}
