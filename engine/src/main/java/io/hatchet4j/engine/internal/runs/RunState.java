package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.DesiredLabel;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/** The live state of one workflow run. Confined to the scheduler thread. */
final class RunState {
  final String id;
  final String tenantId;
  final WorkflowVersionRecord version;
  final String input;
  final String additionalMetadata;
  final int priority;
  final long createdAtMs;
  @Nullable final String parentWorkflowRunId;
  @Nullable final String parentTaskRunId;
  @Nullable final Integer childIndex;
  @Nullable final String childKey;
  @Nullable final String triggeringEventId;
  @Nullable final String triggeringEventKey;
  @Nullable final String desiredWorkerId;
  /** Labels the trigger asked of workers, replacing every task's own; empty if none. */
  final Map<String, DesiredLabel> desiredWorkerLabels;

  /** Regular tasks by readable id, in definition order. */
  final Map<String, TaskState> tasks = new LinkedHashMap<>();
  @Nullable TaskState onFailureTask;

  RunStatus status = RunStatus.QUEUED;
  @Nullable Long startedAtMs;
  @Nullable Long finishedAtMs;
  /** Set by a cancel request, so the on-failure task does not start for a run being cancelled. */
  boolean cancelRequested;
  /**
   * The payload of the event filter that started the run, which its tasks see as {@code
   * triggers.filter_payload}; null otherwise. Kept in memory only: a run that is still queued when
   * the engine restarts starts without it.
   */
  @Nullable String filterPayload;

  RunState(WorkflowRunRecord record, WorkflowVersionRecord version) {
    this.id = record.id();
    this.tenantId = record.tenantId();
    this.version = version;
    this.input = record.input();
    this.additionalMetadata = record.additionalMetadata();
    this.priority = record.priority();
    this.createdAtMs = record.createdAtMs();
    this.parentWorkflowRunId = record.parentWorkflowRunId();
    this.parentTaskRunId = record.parentTaskRunId();
    this.childIndex = record.childIndex();
    this.childKey = record.childKey();
    this.triggeringEventId = record.triggeringEventId();
    this.triggeringEventKey = record.triggeringEventKey();
    this.desiredWorkerId = record.desiredWorkerId();
    this.desiredWorkerLabels = record.desiredWorkerLabels();
    this.status = record.status();
    this.startedAtMs = record.startedAtMs();
    this.finishedAtMs = record.finishedAtMs();
  }

  /** Every task, regular ones first and the on-failure task last. */
  List<TaskState> allTasks() {
    List<TaskState> all = new ArrayList<>(tasks.values());
    if (onFailureTask != null) {
      all.add(onFailureTask);
    }
    return all;
  }

  boolean anyRegularTask(TaskStatus status) {
    return tasks.values().stream().anyMatch(t -> t.status == status);
  }

  WorkflowRunRecord toRecord() {
    return new WorkflowRunRecord(id, tenantId, version.id(), input, additionalMetadata, priority, status,
        createdAtMs, startedAtMs, finishedAtMs, parentWorkflowRunId, parentTaskRunId, childIndex, childKey,
        triggeringEventId, triggeringEventKey, desiredWorkerId, desiredWorkerLabels);
  }

  RunView toView() {
    return new RunView(id, tenantId, version.name(), version.workflowId(), version.id(), status, input,
        additionalMetadata, priority, createdAtMs, startedAtMs, finishedAtMs, parentTaskRunId,
        triggeringEventId, allTasks().stream().map(TaskState::toView).toList());
  }
}
