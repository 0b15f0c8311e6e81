package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.HatchetConfig;
import io.hatchet4j.proto.v1.Action;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.TaskConditions;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a workflow with conditions and hook tasks sends: the fields and values of the official SDKs. */
class TaskConditionsProtoTest {
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI3MDdkMDg1NS04MGFiLTRlMWYtYTE1Ni1m"
      + "MWM0NTQ2Y2JmNTIiLCJzZXJ2ZXJfdXJsIjoiaHR0cDovL2xvY2FsaG9zdDo4ODg4IiwiZ3JwY19icm9hZGNhc3RfYWRkcmVzcyI6Imxv"
      + "Y2FsaG9zdDo3MDc3In0.c2ln";
  private static final HatchetConfig CONFIG = HatchetConfig.builder()
      .setEnvironment(Map.of("HATCHET_CLIENT_TOKEN", TOKEN, "HATCHET_CLIENT_NAMESPACE", "ns"))
      .build();

  record In() {}

  record Out(int n) {}

  private static Task.Builder<In, Out> task(String name) {
    return Task.builder(name, In.class, Out.class).setHandler((in, ctx) -> new Out(1));
  }

  @Test
  void conditionsGoOutWithTheOfficialActionsKeysAndOrGroups() {
    Task<In, Out> start = task("start").build();
    Task<In, Out> gated = task("gated").addParent(start)
        .waitFor(Condition.anyOf(Condition.sleep(Duration.ofMinutes(1)), Condition.userEvent("go", "input.ok == true")))
        .skipIf(Condition.parentOutput(start, "output.n > 50"))
        .cancelIf(Condition.userEvent("abort"))
        .build();

    CreateWorkflowVersionRequest request =
        WorkflowRegistration.toProto(CONFIG, new ObjectMapper(), Workflow.builder("wf", In.class).addTask(gated).build());

    assertThat(request.getTasks(0).hasConditions()).isFalse();
    TaskConditions conditions = request.getTasks(1).getConditions();
    var sleep = conditions.getSleepConditions(0);
    assertThat(sleep.getSleepFor()).isEqualTo("1m");
    assertThat(sleep.getBase().getReadableDataKey()).isEqualTo("sleep:1m");
    assertThat(sleep.getBase().getAction()).isEqualTo(Action.QUEUE);
    var go = conditions.getUserEventConditions(0);
    assertThat(go.getUserEventKey()).isEqualTo("ns_go");
    assertThat(go.getBase().getReadableDataKey()).isEqualTo("go");
    assertThat(go.getBase().getExpression()).isEqualTo("input.ok == true");
    assertThat(go.getBase().getOrGroupId()).isEqualTo(sleep.getBase().getOrGroupId());
    var abort = conditions.getUserEventConditions(1);
    assertThat(abort.getBase().getAction()).isEqualTo(Action.CANCEL);
    assertThat(abort.getBase().getOrGroupId()).isNotEqualTo(sleep.getBase().getOrGroupId());
    var parent = conditions.getParentOverrideConditions(0);
    assertThat(parent.getParentReadableId()).isEqualTo("start");
    assertThat(parent.getBase().getAction()).isEqualTo(Action.SKIP);
    assertThat(parent.getBase().getExpression()).isEqualTo("output.n > 50");
  }

  @Test
  void theOnFailureTaskIsSentAsOnFailureTaskAndTheOnSuccessTaskAsATaskAfterTheLeaves() {
    Task<In, Out> a = task("a").build();
    Task<In, Out> b = task("b").addParent(a).build();
    Task<In, Out> c = task("c").build();
    Workflow<In, ?> wf = Workflow.builder("wf", In.class).addTask(b).addTask(c)
        .onFailure(task("cleanup").build()).onSuccess(task("done").build()).build();

    CreateWorkflowVersionRequest request = WorkflowRegistration.toProto(CONFIG, new ObjectMapper(), wf);

    assertThat(request.getOnFailureTask().getReadableId()).isEqualTo("cleanup");
    assertThat(request.getOnFailureTask().getAction()).isEqualTo("ns_wf:cleanup");
    assertThat(request.getOnFailureTask().getParentsList()).isEmpty();
    CreateTaskOpts done = request.getTasks(request.getTasksCount() - 1);
    assertThat(done.getReadableId()).isEqualTo("done");
    assertThat(done.getParentsList()).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void aDurableWaitRefusesAParentCondition() {
    Task<In, Out> start = task("start").build();
    assertThatThrownBy(() -> Conditions.toProto(List.of(Condition.parentOutput(start, "true")), CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parentOutput conditions gate DAG tasks");
  }
}
