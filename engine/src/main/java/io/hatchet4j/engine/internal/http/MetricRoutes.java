package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.runs.Orchestrator;
import io.hatchet4j.engine.internal.runs.RunFilter;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.TaskView;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upstream's metrics routes: task counts by status ({@code V1TaskRunMetrics}, a JSON array of one
 * {@code {status, count}} per status) and queued tasks by queue ({@code TenantStepRunQueueMetrics}).
 */
final class MetricRoutes {
  /** The order upstream lists the statuses in. */
  private static final List<RunStatus> STATUSES =
      List.of(RunStatus.CANCELLED, RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.QUEUED, RunStatus.RUNNING);

  private final Orchestrator orchestrator;

  private MetricRoutes(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static void addTo(Router.Builder router, Orchestrator orchestrator) {
    MetricRoutes routes = new MetricRoutes(orchestrator);
    router
        .authenticated("GET", "/api/v1/stable/tenants/{tenant}/task-metrics", routes::taskMetrics)
        .authenticated("GET", "/api/v1/tenants/{tenant}/step-run-queue-metrics", routes::queueMetrics);
  }

  /**
   * The tasks of the runs the query selects ({@code since}, {@code until}, {@code workflow_ids},
   * {@code parent_task_external_id}, {@code triggering_event_external_id}, {@code
   * additional_metadata}), counted by status.
   */
  private HttpResponse taskMetrics(HttpRequest request) throws Exception {
    RunFilter filter = RunRoutes.filter(request, orchestrator.nowMs());
    RunFilter anyStatus = new RunFilter(filter.sinceMs(), filter.untilMs(), Set.of(), filter.workflowIds(),
        filter.additionalMetadata(), filter.parentTaskRunId(), filter.triggeringEventId());
    Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
    for (RunView run : Rest.await(orchestrator.runViews(request.requireTenantId(), anyStatus))) {
      for (TaskView task : run.tasks()) {
        counts.merge(task.status().asRunStatus(), 1, Integer::sum);
      }
    }
    ArrayNode body = Json.mapper().createArrayNode();
    for (RunStatus status : STATUSES) {
      body.addObject().put("status", status.name()).put("count", counts.getOrDefault(status, 0));
    }
    return HttpResponse.ok(body);
  }

  /** Tasks waiting for a worker, by queue: a task's queue is its action, which workers listen on. */
  private HttpResponse queueMetrics(HttpRequest request) throws Exception {
    RunFilter unfinished = new RunFilter(null, null, Set.of(RunStatus.QUEUED, RunStatus.RUNNING), Set.of(), Map.of(),
        null, null);
    Map<String, Integer> queues = new TreeMap<>();
    for (RunView run : Rest.await(orchestrator.runViews(request.requireTenantId(), unfinished))) {
      for (TaskView task : run.tasks()) {
        if (task.status() == TaskStatus.QUEUED) {
          queues.merge(task.actionId(), 1, Integer::sum);
        }
      }
    }
    ObjectNode body = Json.newObject();
    ObjectNode byQueue = body.putObject("queues");
    queues.forEach(byQueue::put);
    return HttpResponse.ok(body);
  }
}
