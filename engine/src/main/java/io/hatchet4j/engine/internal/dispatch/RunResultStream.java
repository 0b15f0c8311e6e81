package io.hatchet4j.engine.internal.dispatch;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.Subscription;
import io.hatchet4j.proto.dispatcher.StepRunResult;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowRunsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.dispatcher.WorkflowRunEventType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code SubscribeToWorkflowRuns} stream: the client names runs, the engine answers each with
 * one FINISHED event once the run is done.
 *
 * <p>Requests arrive on gRPC threads, results on the scheduler thread. A run id asked for twice is
 * answered once. A run the tenant does not have (another tenant's, a removed one, or no run id at
 * all) is answered at once with a FINISHED event whose one result carries the error {@code
 * NOT_FOUND: ...}: the SDKs share one stream among all the runs they wait for, so closing it with a
 * NOT_FOUND status would fail every other wait on it. When the client half-closes, the stream ends
 * after the last outstanding answer.
 */
final class RunResultStream implements StreamObserver<SubscribeToWorkflowRunsRequest> {
  private static final Logger log = LoggerFactory.getLogger(RunResultStream.class);
  /** Stands for a watch that is being set up. */
  private static final Subscription OPENING = () -> {};

  private final String tenantId;
  private final Orchestrator orchestrator;
  private final OutboundStream<WorkflowRunEvent> out;
  private final Map<String, Subscription> outstanding = new ConcurrentHashMap<>();
  private volatile boolean halfClosed;

  RunResultStream(String tenantId, Orchestrator orchestrator, StreamObserver<WorkflowRunEvent> observer) {
    this.tenantId = tenantId;
    this.orchestrator = orchestrator;
    this.out = new OutboundStream<>(observer, this::closeAll);
  }

  @Override
  public void onNext(SubscribeToWorkflowRunsRequest request) {
    String runId = Ids.canonicalOrNull(request.getWorkflowRunId());
    if (runId == null) {
      out.send(notFound(request.getWorkflowRunId(), "'" + request.getWorkflowRunId() + "' is not a workflow run id"));
      return;
    }
    if (outstanding.putIfAbsent(runId, OPENING) != null) {
      return;
    }
    orchestrator.watchFinish(tenantId, runId, run -> {
      if (outstanding.remove(runId) != null) {
        out.send(Protos.workflowRunEvent(run));
        completeIfDone();
      }
    }).whenComplete((subscription, error) -> {
      if (error == null && subscription.isEmpty()) {
        if (outstanding.remove(runId, OPENING)) {
          out.send(notFound(request.getWorkflowRunId(), "workflow run " + runId + " not found"));
        }
        completeIfDone();
      } else if (error != null) {
        // The engine is stopping: the stream ends with it and the client asks again elsewhere.
        log.debug("could not watch workflow run {}: {}", runId, error.toString());
        outstanding.remove(runId, OPENING);
        completeIfDone();
      } else if (!outstanding.replace(runId, OPENING, subscription.get())) {
        subscription.get().close();
      }
    });
  }

  /** The answer for a run this tenant does not have. */
  static WorkflowRunEvent notFound(String requestedId, String message) {
    return WorkflowRunEvent.newBuilder()
        .setWorkflowRunId(requestedId)
        .setEventType(WorkflowRunEventType.WORKFLOW_RUN_EVENT_TYPE_FINISHED)
        .setEventTimestamp(Protos.timestamp(System.currentTimeMillis()))
        .addResults(StepRunResult.newBuilder().setError("NOT_FOUND: " + message))
        .build();
  }

  @Override
  public void onError(Throwable t) {
    closeAll();
  }

  @Override
  public void onCompleted() {
    halfClosed = true;
    completeIfDone();
  }

  private void completeIfDone() {
    if (halfClosed && outstanding.isEmpty()) {
      out.complete();
    }
  }

  private void closeAll() {
    outstanding.values().forEach(Subscription::close);
    outstanding.clear();
  }
}
