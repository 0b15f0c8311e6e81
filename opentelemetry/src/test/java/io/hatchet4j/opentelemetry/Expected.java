package io.hatchet4j.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import io.hatchet4j.interceptor.ActionInfo;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The attributes a task's spans are expected to carry. */
final class Expected {
  private Expected() {}

  /** The ids every task span carries. */
  static List<AttributeAssertion> ids(ActionInfo action) {
    return List.of(
        equalTo(stringKey("hatchet.tenant_id"), action.tenantId()),
        equalTo(stringKey("hatchet.worker_id"), action.workerId()),
        equalTo(stringKey("hatchet.workflow_run_id"), action.workflowRunId()),
        equalTo(stringKey("hatchet.step_id"), action.taskId()),
        equalTo(stringKey("hatchet.step_run_id"), action.taskRunId()));
  }

  /** Every {@code hatchet.*} attribute of a {@link Calls#fullAction} task but its payload, and {@code more}. */
  static List<AttributeAssertion> fullTask(ActionInfo action, AttributeAssertion... more) {
    List<AttributeAssertion> expected = new ArrayList<>(ids(action));
    expected.addAll(
        List.of(
            equalTo(longKey("hatchet.retry_count"), 2L),
            equalTo(stringKey("hatchet.parent_workflow_run_id"), action.parentWorkflowRunId()),
            equalTo(longKey("hatchet.child_workflow_index"), 0L),
            equalTo(stringKey("hatchet.child_workflow_key"), "child-key"),
            equalTo(stringKey("hatchet.workflow_name"), "child"),
            equalTo(stringKey("hatchet.action_name"), "child:work"),
            equalTo(stringKey("hatchet.workflow_id"), action.workflowId()),
            equalTo(stringKey("hatchet.workflow_version_id"), action.workflowVersionId()),
            equalTo(stringKey("hatchet.triggering_event_external_id"), action.triggeringEventId()),
            equalTo(stringKey("hatchet.triggering_event_key"), "order:created")));
    expected.addAll(Arrays.asList(more));
    return expected;
  }
}
