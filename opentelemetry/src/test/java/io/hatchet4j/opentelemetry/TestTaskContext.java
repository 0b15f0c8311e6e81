package io.hatchet4j.opentelemetry;

import io.hatchet4j.BulkRun;
import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The context a task handler sees, as far as the instrumentor reads it: its ids and whether it was
 * cancelled. Calls to the engine are not part of these tests. Shared with the benchmarks through
 * this module's test jar.
 */
public final class TestTaskContext implements TaskContext {
  private final ActionInfo action;
  volatile boolean cancelled;

  public TestTaskContext(ActionInfo action) {
    this.action = action;
  }

  @Override
  public String workflowRunId() {
    return action.workflowRunId();
  }

  @Override
  public String taskRunId() {
    return action.taskRunId();
  }

  @Override
  public String workflowName() {
    return action.workflowName();
  }

  @Override
  public String taskName() {
    return action.taskName();
  }

  @Override
  public String workerId() {
    return action.workerId();
  }

  @Override
  public int retryCount() {
    return action.retryCount();
  }

  @Override
  public Map<String, String> additionalMetadata() {
    return action.additionalMetadata();
  }

  @Override
  public <P> P parentOutput(Task<?, P> parent) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <P> P parentOutput(String parentName, Class<P> type) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean wasSkipped(Task<?, ?> parent) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, String> taskRunErrors() {
    return Map.of();
  }

  @Override
  public <I, O> O runChild(Workflow<I, O> workflow, I input, TriggerOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <I, O> RunRef<O> runChildNoWait(Workflow<I, O> workflow, I input, TriggerOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <I, O> List<RunRef<O>> runChildrenNoWait(Workflow<I, O> workflow, List<BulkRun<I>> runs) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void onCancel(Runnable callback) {}

  @Override
  public void log(io.hatchet4j.LogLevel level, String message) {}

  @Override
  public void putStream(String chunk) {}

  @Override
  public void putStream(byte[] chunk) {}

  @Override
  public void refreshTimeout(Duration increment) {}

  @Override
  public void releaseSlot() {}
}
