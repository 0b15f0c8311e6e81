package io.hatchet4j.engine.internal.dispatch;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.WaitCondition;
import io.hatchet4j.engine.internal.runs.DurableMessage;
import io.hatchet4j.engine.internal.runs.RunFilter;
import io.hatchet4j.proto.v1.BaseMatchCondition;
import io.hatchet4j.proto.v1.DurableEventListenerConditions;
import io.hatchet4j.proto.v1.DurableEventLogEntryRef;
import io.hatchet4j.proto.v1.DurableTaskErrorResponse;
import io.hatchet4j.proto.v1.DurableTaskErrorType;
import io.hatchet4j.proto.v1.DurableTaskEventLogEntryCompletedResponse;
import io.hatchet4j.proto.v1.DurableTaskEventMemoAckResponse;
import io.hatchet4j.proto.v1.DurableTaskEventTriggerRunsAckResponse;
import io.hatchet4j.proto.v1.DurableTaskEventWaitForAckResponse;
import io.hatchet4j.proto.v1.DurableTaskEvictionAckResponse;
import io.hatchet4j.proto.v1.DurableTaskResponse;
import io.hatchet4j.proto.v1.DurableTaskRunAckEntry;
import io.hatchet4j.proto.v1.DurableTaskServerEvictNotice;
import io.hatchet4j.proto.v1.SleepMatchCondition;
import io.hatchet4j.proto.v1.TasksFilter;
import io.hatchet4j.proto.v1.UserEventMatchCondition;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import io.hatchet4j.engine.internal.model.ConcurrencySetting;
import io.hatchet4j.engine.internal.model.DesiredLabel;
import io.hatchet4j.engine.internal.model.RateLimitSetting;
import io.hatchet4j.proto.v1.DesiredWorkerLabels;
import io.hatchet4j.proto.v1.CreateTaskRateLimit;
import io.hatchet4j.proto.workflows.CreateStepRateLimit;
import com.google.protobuf.InvalidProtocolBufferException;
import io.hatchet4j.engine.internal.model.EventFilter;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.runs.RunEvent;
import io.hatchet4j.engine.internal.runs.RunView;
import io.hatchet4j.engine.internal.runs.TaskView;
import io.hatchet4j.engine.internal.runs.TriggerSpec;
import io.hatchet4j.engine.internal.runs.WorkerAction;
import io.hatchet4j.proto.dispatcher.ActionType;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.ResourceEventType;
import io.hatchet4j.proto.dispatcher.ResourceType;
import io.hatchet4j.proto.dispatcher.StepRunResult;
import io.hatchet4j.proto.dispatcher.WorkerLabels;
import io.hatchet4j.proto.dispatcher.WorkflowEvent;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.dispatcher.WorkflowRunEventType;
import io.hatchet4j.proto.v1.Concurrency;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.GetRunDetailsResponse;
import io.hatchet4j.proto.v1.RunStatus;
import io.hatchet4j.proto.v1.TaskRunDetail;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.CreateWorkflowJobOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowStepOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowVersionOpts;
import io.hatchet4j.proto.workflows.WorkflowConcurrencyOpts;
import io.hatchet4j.proto.workflows.WorkflowVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/** Converts between protocol messages and the run engine's values. */
final class Protos {
  private Protos() {}

  // ---------------------------------------------------------------- requests

  static WorkflowSpec workflowSpec(CreateWorkflowVersionRequest request) {
    List<ConcurrencySetting> concurrency = new ArrayList<>(concurrency(request.getConcurrencyArrList()));
    if (request.hasConcurrency()) {
      concurrency.add(0, concurrency(request.getConcurrency()));
    }
    return new WorkflowSpec(
        request.getName(),
        request.getDescription(),
        request.getVersion(),
        request.getEventTriggersList(),
        request.getCronTriggersList(),
        request.hasCronInput() ? request.getCronInput() : null,
        request.getTasksList().stream().map(Protos::taskSpec).toList(),
        request.hasOnFailureTask() ? taskSpec(request.getOnFailureTask()) : null,
        defaultPriority(request.hasDefaultPriority(), request.getDefaultPriority()),
        request.hasSticky() ? request.getSticky().name() : null,
        concurrency,
        request.getDefaultFiltersList().stream().map(f -> new EventFilter(f.getExpression(), f.getScope(),
            f.hasPayload() ? f.getPayload().toStringUtf8() : null)).toList());
  }

  /**
   * A registered default priority; upstream's validator skips a zero (its rule is omitempty), so 0
   * is accepted and means none.
   */
  @Nullable
  private static Integer defaultPriority(boolean present, int value) {
    return present && value != 0 ? value : null;
  }

  /** Upstream keeps a backoff maximum only together with a backoff factor. */
  private static TaskSpec taskSpec(CreateTaskOpts task) {
    return new TaskSpec(
        task.getReadableId(),
        task.getAction(),
        task.getParentsList(),
        task.getRetries(),
        task.hasBackoffFactor() ? (double) task.getBackoffFactor() : null,
        task.hasBackoffFactor() && task.hasBackoffMaxSeconds() ? task.getBackoffMaxSeconds() : null,
        blankToNull(task.getTimeout()),
        task.hasScheduleTimeout() ? blankToNull(task.getScheduleTimeout()) : null,
        task.getIsDurable(),
        task.getSlotRequestsMap(),
        concurrency(task.getConcurrencyList()),
        task.getRateLimitsList().stream().map(Protos::rateLimit).toList(),
        desiredLabels(task.getWorkerLabelsMap()),
        TaskConditionProtos.conditions(task));
  }

  /**
   * Reads the legacy (v0) registration shape: its jobs' steps become tasks, the first step of the
   * on-failure job the on-failure task, and the workflow's schedule timeout every task's.
   */
  static WorkflowSpec workflowSpec(CreateWorkflowVersionOpts opts) {
    String scheduleTimeout = opts.hasScheduleTimeout() ? blankToNull(opts.getScheduleTimeout()) : null;
    List<TaskSpec> tasks = new ArrayList<>();
    for (CreateWorkflowJobOpts job : opts.getJobsList()) {
      for (CreateWorkflowStepOpts step : job.getStepsList()) {
        tasks.add(taskSpec(step, scheduleTimeout));
      }
    }
    TaskSpec onFailure = opts.hasOnFailureJob() && opts.getOnFailureJob().getStepsCount() > 0
        ? taskSpec(opts.getOnFailureJob().getSteps(0), scheduleTimeout)
        : null;
    // Upstream drops a concurrency block that names a group-key action (a v0 feature) silently.
    List<ConcurrencySetting> concurrency = opts.hasConcurrency() && !opts.getConcurrency().hasAction()
        ? List.of(concurrency(opts.getConcurrency())) : List.of();
    return new WorkflowSpec(
        opts.getName(),
        opts.getDescription(),
        opts.getVersion(),
        opts.getEventTriggersList(),
        opts.getCronTriggersList(),
        opts.hasCronInput() ? opts.getCronInput() : null,
        tasks,
        onFailure,
        defaultPriority(opts.hasDefaultPriority(), opts.getDefaultPriority()),
        opts.hasSticky() ? opts.getSticky().name() : null,
        concurrency,
        List.of());
  }

  private static TaskSpec taskSpec(CreateWorkflowStepOpts step, @Nullable String scheduleTimeout) {
    return new TaskSpec(
        step.getReadableId(),
        step.getAction(),
        step.getParentsList(),
        step.getRetries(),
        step.hasBackoffFactor() ? (double) step.getBackoffFactor() : null,
        step.hasBackoffFactor() && step.hasBackoffMaxSeconds() ? step.getBackoffMaxSeconds() : null,
        blankToNull(step.getTimeout()),
        scheduleTimeout,
        false,
        Map.of(),
        List.of(),
        step.getRateLimitsList().stream().map(r -> rateLimit(asV1(r))).toList(),
        desiredLabels(step.getWorkerLabelsMap()),
        List.of());
  }

  private static RateLimitSetting rateLimit(CreateTaskRateLimit r) {
    return new RateLimitSetting(r.getKey(), r.hasUnits() ? r.getUnits() : null,
        r.hasKeyExpr() ? r.getKeyExpr() : null, r.hasUnitsExpr() ? r.getUnitsExpr() : null,
        r.hasLimitValuesExpr() ? r.getLimitValuesExpr() : null, r.hasDuration() ? r.getDuration().name() : null);
  }

  /** The legacy step rate limit has the v1 message's fields under the same numbers. */
  private static CreateTaskRateLimit asV1(CreateStepRateLimit legacy) {
    try {
      return CreateTaskRateLimit.parseFrom(legacy.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the legacy rate limit does not read as the v1 one", e);
    }
  }

  /** Desired labels with upstream's defaults: not required, weight 100, EQUAL. */
  static Map<String, DesiredLabel> desiredLabels(Map<String, DesiredWorkerLabels> labels) {
    Map<String, DesiredLabel> desired = new LinkedHashMap<>();
    labels.forEach((key, label) -> desired.put(key, new DesiredLabel(
        label.hasStrValue() ? label.getStrValue() : null,
        label.hasIntValue() ? label.getIntValue() : null,
        label.hasRequired() && label.getRequired(),
        label.hasWeight() ? label.getWeight() : DesiredLabel.DEFAULT_WEIGHT,
        label.hasComparator() ? label.getComparator().name() : DesiredLabel.DEFAULT_COMPARATOR)));
    return desired;
  }

  private static List<ConcurrencySetting> concurrency(List<Concurrency> list) {
    return list.stream().map(Protos::concurrency).toList();
  }

  private static ConcurrencySetting concurrency(Concurrency c) {
    return new ConcurrencySetting(c.getExpression(), c.hasMaxRuns() ? c.getMaxRuns() : null,
        c.hasLimitStrategy() ? c.getLimitStrategy().name() : null);
  }

  private static ConcurrencySetting concurrency(WorkflowConcurrencyOpts c) {
    String expression = c.getExpression();
    return new ConcurrencySetting(expression, c.hasMaxRuns() ? c.getMaxRuns() : null,
        c.hasLimitStrategy() ? c.getLimitStrategy().name() : null);
  }

  static TriggerSpec triggerSpec(TriggerWorkflowRequest request) {
    return new TriggerSpec(
        request.getName(),
        request.getInput(),
        request.hasAdditionalMetadata() ? request.getAdditionalMetadata() : null,
        request.hasParentId() ? request.getParentId() : null,
        request.hasParentTaskRunExternalId() ? request.getParentTaskRunExternalId() : null,
        request.hasChildIndex() ? request.getChildIndex() : null,
        request.hasChildKey() ? request.getChildKey() : null,
        request.hasPriority() ? request.getPriority() : null,
        request.hasDesiredWorkerId() ? request.getDesiredWorkerId() : null,
        desiredLabels(request.getDesiredWorkerLabelsMap()));
  }

  static Map<String, LabelValue> labels(Map<String, WorkerLabels> labels) {
    Map<String, LabelValue> values = new LinkedHashMap<>();
    labels.forEach((key, value) -> values.put(key, new LabelValue(
        value.hasStrValue() ? value.getStrValue() : null,
        value.hasIntValue() ? value.getIntValue() : null)));
    return values;
  }

  /** A wait's conditions; members of one OR group are alternatives, groups must all hold. */
  static List<WaitCondition> waitConditions(DurableEventListenerConditions conditions) {
    List<WaitCondition> list = new ArrayList<>();
    for (SleepMatchCondition sleep : conditions.getSleepConditionsList()) {
      BaseMatchCondition base = sleep.getBase();
      list.add(new WaitCondition(WaitCondition.Kind.SLEEP, readableKey(base, "sleep:" + sleep.getSleepFor()),
          base.getAction().name(), orGroup(base), sleep.getSleepFor(), null, null, null, null));
    }
    for (UserEventMatchCondition event : conditions.getUserEventConditionsList()) {
      BaseMatchCondition base = event.getBase();
      list.add(new WaitCondition(WaitCondition.Kind.USER_EVENT, readableKey(base, event.getUserEventKey()),
          base.getAction().name(), orGroup(base), null, event.getUserEventKey(), blankToNull(base.getExpression()),
          null, null));
    }
    return list;
  }

  private static String readableKey(BaseMatchCondition base, String fallback) {
    return base.getReadableDataKey().isEmpty() ? fallback : base.getReadableDataKey();
  }

  /** A condition without a group is a group of its own. */
  private static String orGroup(BaseMatchCondition base) {
    return base.getOrGroupId().isEmpty() ? Ids.newId() : base.getOrGroupId();
  }

  /** The v1 cancel and replay filter. */
  static RunFilter runFilter(TasksFilter filter) {
    Set<io.hatchet4j.engine.internal.model.RunStatus> statuses = new LinkedHashSet<>();
    for (String status : filter.getStatusesList()) {
      statuses.add(RunFilter.status(status));
    }
    return new RunFilter(
        filter.hasSince() ? epochMs(filter.getSince()) : null,
        filter.hasUntil() ? epochMs(filter.getUntil()) : null,
        statuses,
        Set.copyOf(filter.getWorkflowIdsList()),
        RunFilter.metadataPairs(filter.getAdditionalMetadataList()),
        null,
        null);
  }

  static DurableTaskResponse durableResponse(DurableMessage message) {
    DurableEventLogEntryRef ref = DurableEventLogEntryRef.newBuilder()
        .setDurableTaskExternalId(message.taskRunId())
        .setInvocationCount(message.invocationCount())
        .setBranchId(message.branchId())
        .setNodeId(message.nodeId())
        .build();
    DurableTaskResponse.Builder b = DurableTaskResponse.newBuilder();
    switch (message.type()) {
      case WAIT_FOR_ACK:
        return b.setWaitForAck(DurableTaskEventWaitForAckResponse.newBuilder().setRef(ref)).build();
      case ENTRY_COMPLETED:
        DurableTaskEventLogEntryCompletedResponse.Builder completed = DurableTaskEventLogEntryCompletedResponse.newBuilder()
            .setRef(ref)
            .setIsFailure(message.failure());
        if (message.failure()) {
          completed.setErrorMessage(message.message() == null ? "failed" : message.message());
        } else {
          completed.setPayload(ByteString.copyFrom(message.payload() == null ? "{}" : message.payload(), UTF_8));
        }
        return b.setEntryCompleted(completed).build();
      case MEMO_ACK:
        DurableTaskEventMemoAckResponse.Builder memo = DurableTaskEventMemoAckResponse.newBuilder()
            .setRef(ref)
            .setMemoAlreadyExisted(message.memoExisted());
        if (message.payload() != null) {
          memo.setMemoResultPayload(ByteString.copyFrom(Base64.getDecoder().decode(message.payload())));
        }
        return b.setMemoAck(memo).build();
      case TRIGGER_RUNS_ACK:
        DurableTaskEventTriggerRunsAckResponse.Builder runs = DurableTaskEventTriggerRunsAckResponse.newBuilder()
            .setDurableTaskExternalId(message.taskRunId())
            .setInvocationCount(message.invocationCount());
        for (DurableMessage.RunEntry entry : message.runEntries()) {
          runs.addRunEntries(DurableTaskRunAckEntry.newBuilder()
              .setNodeId(entry.nodeId())
              .setBranchId(message.branchId())
              .setWorkflowRunExternalId(entry.workflowRunId()));
        }
        return b.setTriggerRunsAck(runs).build();
      case EVICTION_ACK:
        return b.setEvictionAck(DurableTaskEvictionAckResponse.newBuilder()
            .setDurableTaskExternalId(message.taskRunId())
            .setInvocationCount(message.invocationCount())).build();
      case SERVER_EVICT:
        return b.setServerEvict(DurableTaskServerEvictNotice.newBuilder()
            .setDurableTaskExternalId(message.taskRunId())
            .setInvocationCount(message.invocationCount())
            .setReason(message.message() == null ? "" : message.message())).build();
      default:
        return b.setError(DurableTaskErrorResponse.newBuilder()
            .setRef(ref)
            .setErrorType(message.nondeterminism()
                ? DurableTaskErrorType.DURABLE_TASK_ERROR_TYPE_NONDETERMINISM
                : DurableTaskErrorType.DURABLE_TASK_ERROR_TYPE_UNSPECIFIED)
            .setErrorMessage(message.message() == null ? "" : message.message())).build();
    }
  }

  // ---------------------------------------------------------------- responses

  static WorkflowVersion workflowVersion(WorkflowVersionRecord version) {
    Timestamp created = timestamp(version.createdAtMs());
    return WorkflowVersion.newBuilder()
        .setId(version.id())
        .setWorkflowId(version.workflowId())
        .setVersion(version.spec().version())
        .setOrder(version.order())
        .setCreatedAt(created)
        .setUpdatedAt(created)
        .build();
  }

  static AssignedAction assignedAction(WorkerAction action) {
    AssignedAction.Builder b = AssignedAction.newBuilder()
        .setTenantId(action.tenantId())
        .setWorkflowRunId(action.workflowRunId())
        // Upstream's v1 engine fills the legacy job fields with the task's own values.
        .setJobId(action.taskDefinitionId())
        .setJobName(action.taskName())
        .setJobRunId(action.taskRunId())
        .setTaskId(action.taskDefinitionId())
        .setTaskRunExternalId(action.taskRunId())
        .setActionId(action.actionId())
        .setActionType(action.type() == WorkerAction.Type.START ? ActionType.START_STEP_RUN : ActionType.CANCEL_STEP_RUN)
        .setActionPayload(action.payload())
        .setTaskName(action.taskName())
        .setRetryCount(action.retryCount())
        .setAdditionalMetadata(action.additionalMetadata())
        .setPriority(action.priority())
        .setWorkflowId(action.workflowId())
        .setWorkflowVersionId(action.workflowVersionId());
    if (action.childIndex() != null) {
      b.setChildWorkflowIndex(action.childIndex());
    }
    if (action.childKey() != null) {
      b.setChildWorkflowKey(action.childKey());
    }
    if (action.parentTaskRunId() != null) {
      // The field is named for the parent workflow run, but upstream sends the parent task run.
      b.setParentWorkflowRunId(action.parentTaskRunId());
    }
    if (action.triggeringEventId() != null) {
      b.setTriggeringEventExternalId(action.triggeringEventId());
    }
    if (action.triggeringEventKey() != null) {
      b.setTriggeringEventKey(action.triggeringEventKey());
    }
    if (action.durableInvocationCount() != null) {
      b.setDurableTaskInvocationCount(action.durableInvocationCount());
    }
    return b.build();
  }

  /**
   * The FINISHED event of a run: one result per task, with its output or its error; the error is
   * empty for a task cancelled before it ran (see {@link TaskView#cancelledUnrun()}).
   */
  static WorkflowRunEvent workflowRunEvent(RunView run) {
    WorkflowRunEvent.Builder b = WorkflowRunEvent.newBuilder()
        .setWorkflowRunId(run.id())
        .setEventType(WorkflowRunEventType.WORKFLOW_RUN_EVENT_TYPE_FINISHED)
        .setEventTimestamp(timestamp(run.finishedAtMs() == null ? run.createdAtMs() : run.finishedAtMs()));
    for (TaskView task : run.tasks()) {
      StepRunResult.Builder result = StepRunResult.newBuilder()
          .setTaskRunExternalId(task.id())
          .setTaskName(task.readableId())
          .setJobRunId(task.id());
      if (task.status() == TaskStatus.COMPLETED && task.output() != null) {
        result.setOutput(task.output());
      } else if (task.cancelledUnrun()) {
        // Present and empty, as upstream sends it: the official SDKs do not count it as a failure.
        result.setError("");
      } else if (task.status() == TaskStatus.FAILED || task.status() == TaskStatus.CANCELLED) {
        result.setError(task.error() == null ? task.status().name().toLowerCase() : task.error());
      } else {
        continue;
      }
      b.addResults(result);
    }
    return b.build();
  }

  static WorkflowEvent workflowEvent(RunEvent event) {
    WorkflowEvent.Builder b = WorkflowEvent.newBuilder()
        .setWorkflowRunId(event.workflowRunId())
        .setResourceType(event.resource() == RunEvent.Resource.TASK
            ? ResourceType.RESOURCE_TYPE_STEP_RUN
            : ResourceType.RESOURCE_TYPE_WORKFLOW_RUN)
        .setEventType(resourceEventType(event.type()))
        .setResourceId(event.resourceId())
        .setEventTimestamp(timestamp(event.timestampMs()))
        .setEventPayload(event.payload())
        .setHangup(event.hangup());
    if (event.maxRetries() != null) {
      b.setTaskRetries(event.maxRetries());
    }
    if (event.retryCount() != null) {
      b.setRetryCount(event.retryCount());
    }
    if (event.eventIndex() != null) {
      b.setEventIndex(event.eventIndex());
    }
    return b.build();
  }

  private static ResourceEventType resourceEventType(RunEvent.Type type) {
    switch (type) {
      case STARTED:
        return ResourceEventType.RESOURCE_EVENT_TYPE_STARTED;
      case COMPLETED:
        return ResourceEventType.RESOURCE_EVENT_TYPE_COMPLETED;
      case FAILED:
        return ResourceEventType.RESOURCE_EVENT_TYPE_FAILED;
      case CANCELLED:
        return ResourceEventType.RESOURCE_EVENT_TYPE_CANCELLED;
      case TIMED_OUT:
        return ResourceEventType.RESOURCE_EVENT_TYPE_TIMED_OUT;
      default:
        return ResourceEventType.RESOURCE_EVENT_TYPE_STREAM;
    }
  }

  static GetRunDetailsResponse runDetails(RunView run) {
    GetRunDetailsResponse.Builder b = GetRunDetailsResponse.newBuilder()
        .setInput(ByteString.copyFrom(run.input(), UTF_8))
        .setAdditionalMetadata(ByteString.copyFrom(run.additionalMetadata(), UTF_8))
        .setStatus(runStatus(run.status()))
        .setDone(run.status().isTerminal());
    for (TaskView task : run.tasks()) {
      TaskRunDetail.Builder detail = TaskRunDetail.newBuilder()
          .setExternalId(task.id())
          .setReadableId(task.readableId())
          .setStatus(runStatus(task.status().asRunStatus()));
      if (task.output() != null && task.status() == TaskStatus.COMPLETED) {
        detail.setOutput(ByteString.copyFrom(task.output(), UTF_8));
      }
      if (task.error() != null && task.status().isTerminal()) {
        detail.setError(task.error());
      }
      b.putTaskRuns(task.readableId(), detail.build());
    }
    return b.build();
  }

  private static RunStatus runStatus(io.hatchet4j.engine.internal.model.RunStatus status) {
    return RunStatus.valueOf(status.name());
  }

  static Timestamp timestamp(long epochMs) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochMs, 1000L))
        .setNanos((int) Math.floorMod(epochMs, 1000L) * 1_000_000)
        .build();
  }

  static long epochMs(Timestamp timestamp) {
    return timestamp.getSeconds() * 1000L + timestamp.getNanos() / 1_000_000;
  }

  @Nullable
  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
