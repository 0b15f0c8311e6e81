package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.proto.v1.Concurrency;
import io.hatchet4j.proto.v1.ConcurrencyLimitStrategy;
import io.hatchet4j.RateLimit;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateTaskRateLimit;
import io.hatchet4j.proto.v1.RateLimitDuration;
import io.hatchet4j.proto.v1.StickyStrategy;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.workflow.ConcurrencyExpression;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.Locale;

/** How a workflow definition is described to the engine. Not public API. */
final class WorkflowRegistration {
  private WorkflowRegistration() {}

  /**
   * The id the engine uses to route a task to workers: {@code <namespaced workflow, lower case>:<task>},
   * as every official SDK builds it.
   */
  static String actionId(HatchetConfig config, Workflow<?, ?> workflow, Task<?, ?> task) {
    return config.applyNamespace(workflow.name()).toLowerCase(Locale.ROOT) + ":" + task.name();
  }

  static CreateWorkflowVersionRequest toProto(HatchetConfig config, ObjectMapper mapper, Workflow<?, ?> workflow) {
    CreateWorkflowVersionRequest.Builder request =
        CreateWorkflowVersionRequest.newBuilder().setName(config.applyNamespace(workflow.name()));
    workflow.description().ifPresent(request::setDescription);
    workflow.version().ifPresent(request::setVersion);
    workflow.eventTriggers().forEach(key -> request.addEventTriggers(config.applyNamespace(key)));
    request.addAllCronTriggers(workflow.cronTriggers());
    workflow.defaultPriority().ifPresent(priority -> request.setDefaultPriority(priority.value()));
    DeclaredInputs.addTo(request, mapper, workflow);
    workflow.sticky().ifPresent(sticky -> request.setSticky(StickyStrategy.valueOf(sticky.name())));
    // As the Python SDK sends them: one limit in the single field, several in the list.
    if (workflow.concurrency().size() == 1) {
      request.setConcurrency(concurrency(workflow.concurrency().get(0)));
    } else {
      workflow.concurrency().forEach(limit -> request.addConcurrencyArr(concurrency(limit)));
    }
    for (Task<?, ?> task : workflow.tasks()) {
      request.addTasks(taskOpts(config, workflow, task));
    }
    workflow.onFailureTask().ifPresent(task -> request.setOnFailureTask(taskOpts(config, workflow, task)));
    return request.build();
  }

  private static Concurrency concurrency(ConcurrencyExpression limit) {
    return Concurrency.newBuilder()
        .setExpression(limit.expression())
        .setMaxRuns(limit.maxRuns())
        .setLimitStrategy(ConcurrencyLimitStrategy.valueOf(limit.limitStrategy().name()))
        .build();
  }

  private static CreateTaskOpts.Builder taskOpts(HatchetConfig config, Workflow<?, ?> workflow, Task<?, ?> task) {
    CreateTaskOpts.Builder opts =
        CreateTaskOpts.newBuilder()
            .setReadableId(task.name())
            .setAction(actionId(config, workflow, task))
            .setTimeout(Durations.format(task.executionTimeout()))
            .setScheduleTimeout(Durations.format(task.scheduleTimeout()))
            .setInputs("{}")
            .setRetries(task.retries())
            .setIsDurable(task.isDurable())
            .putSlotRequests(task.isDurable() ? "durable" : "default", task.slotCost());
    task.parents().forEach(parent -> opts.addParents(parent.name()));
    task.concurrency().forEach(limit -> opts.addConcurrency(concurrency(limit)));
    task.rateLimits().forEach(limit -> opts.addRateLimits(toProto(limit)));
    task.desiredWorkerLabels().forEach((key, label) -> opts.putWorkerLabels(key, ClientRuntime.toProto(label)));
    if (task.backoffFactor() > 0) {
      opts.setBackoffFactor((float) task.backoffFactor());
      opts.setBackoffMaxSeconds(task.backoffMaxSeconds());
    }
    TaskConditionsProto.toProto(task, config).ifPresent(opts::setConditions);
    return opts;
  }

  /**
   * A rate limit as the official Python SDK sends it: a dynamic key goes in both {@code key} and
   * {@code key_expr}; a limit the task does not declare is {@code "-1"}; the duration always.
   */
  static CreateTaskRateLimit toProto(RateLimit limit) {
    CreateTaskRateLimit.Builder proto = CreateTaskRateLimit.newBuilder()
        .setKey(limit.key())
        .setLimitValuesExpr(limit.limitExpression().orElse("-1"))
        .setDuration(RateLimitDuration.valueOf(limit.duration().name()));
    if (limit.isDynamic()) {
      proto.setKeyExpr(limit.key());
    }
    limit.units().ifPresent(proto::setUnits);
    limit.unitsExpression().ifPresent(proto::setUnitsExpr);
    return proto.build();
  }
}
