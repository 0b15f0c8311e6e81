package io.hatchet4j.engine.internal.dispatch;

import io.grpc.stub.StreamObserver;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.Subscription;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowRunsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code SubscribeToWorkflowRuns} stream: the client names runs, the engine answers each with
 * one FINISHED event once the run is done.
 *
 * <p>Requests arrive on gRPC threads, results on the scheduler thread. A run id asked for twice is
 * answered once; a run the tenant does not have is never answered. When the client half-closes,
 * the stream ends after the last outstanding answer.
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
      log.debug("ignoring subscription to invalid workflow run id {}", request.getWorkflowRunId());
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
      if (error != null || subscription.isEmpty()) {
        // Unknown to this tenant, or the engine is stopping: nothing will be sent for it.
        outstanding.remove(runId, OPENING);
        completeIfDone();
      } else if (!outstanding.replace(runId, OPENING, subscription.get())) {
        subscription.get().close();
      }
    });
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
