package io.hatchet4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.DesiredWorkerLabel;
import io.hatchet4j.DesiredWorkerLabel.Comparator;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.v1.WorkerLabelComparator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerProtoTest {

  @Test
  void everyTriggerFieldGoesOnTheWire() {
    WorkflowTrigger trigger =
        new WorkflowTrigger(
            "ns_orders",
            "{\"id\":1}",
            Map.of("team", "a"),
            3,
            "parent-run",
            "parent-task",
            4,
            "key-1",
            Map.of(
                "gpu", DesiredWorkerLabel.of("a100").asRequired(),
                "memory", DesiredWorkerLabel.of(64).withComparator(Comparator.GREATER_THAN_OR_EQUAL).withWeight(50)));

    TriggerWorkflowRequest proto = ClientRuntime.toProto(trigger);

    assertThat(proto.getName()).isEqualTo("ns_orders");
    assertThat(proto.getInput()).isEqualTo("{\"id\":1}");
    assertThat(proto.getAdditionalMetadata()).isEqualTo("{\"team\":\"a\"}");
    assertThat(proto.getPriority()).isEqualTo(3);
    assertThat(proto.getParentId()).isEqualTo("parent-run");
    assertThat(proto.getParentTaskRunExternalId()).isEqualTo("parent-task");
    assertThat(proto.getChildIndex()).isEqualTo(4);
    assertThat(proto.getChildKey()).isEqualTo("key-1");
    var gpu = proto.getDesiredWorkerLabelsOrThrow("gpu");
    assertThat(gpu.getStrValue()).isEqualTo("a100");
    assertThat(gpu.hasIntValue()).isFalse();
    assertThat(gpu.getRequired()).isTrue();
    assertThat(gpu.getComparator()).isEqualTo(WorkerLabelComparator.EQUAL);
    assertThat(gpu.getWeight()).isEqualTo(100);
    var memory = proto.getDesiredWorkerLabelsOrThrow("memory");
    assertThat(memory.getIntValue()).isEqualTo(64);
    assertThat(memory.getRequired()).isFalse();
    assertThat(memory.getComparator()).isEqualTo(WorkerLabelComparator.GREATER_THAN_OR_EQUAL);
    assertThat(memory.getWeight()).isEqualTo(50);
  }

  @Test
  void optionalFieldsStayUnsetWhenAbsent() {
    TriggerWorkflowRequest proto = ClientRuntime.toProto(WorkflowTrigger.of("w", "{}", Map.of()));

    assertThat(proto.hasPriority()).isFalse();
    assertThat(proto.hasParentId()).isFalse();
    assertThat(proto.hasChildIndex()).isFalse();
    assertThat(proto.hasChildKey()).isFalse();
    assertThat(proto.getDesiredWorkerLabelsMap()).isEmpty();
  }

  @Test
  void aDesiredLabelHasExactlyOneValue() {
    assertThatThrownBy(() -> new DesiredWorkerLabel("a", 1, false, Comparator.EQUAL, 100))
        .hasMessageContaining("exactly one value");
  }
}
