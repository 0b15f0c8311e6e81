package io.hatchet4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.DesiredWorkerLabel;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.Priority;
import io.hatchet4j.RateLimit;
import io.hatchet4j.RateLimitDuration;
import io.hatchet4j.StickyStrategy;
import io.hatchet4j.Tokens;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.proto.dispatcher.UpsertWorkerLabelsRequest;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateTaskRateLimit;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.WorkerLabelComparator;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits, labels, stickiness and priority go on the wire as the official Python SDK sends them. */
class FlowControlWireTest {
  record In(String userId) {}

  record Out(String worker) {}

  private static final HatchetConfig CONFIG =
      HatchetConfig.builder().setEnvironment(Map.of()).setToken(Tokens.standard()).build();

  @Test
  void aStaticLimitIsKeyAndUnitsWithLimitMinusOneAndTheDuration() {
    CreateTaskRateLimit proto = WorkflowRegistration.toProto(RateLimit.staticKey("test-limit").setUnits(1).build());

    assertThat(proto.getKey()).isEqualTo("test-limit");
    assertThat(proto.hasKeyExpr()).isFalse();
    assertThat(proto.getUnits()).isEqualTo(1);
    assertThat(proto.hasUnitsExpr()).isFalse();
    assertThat(proto.getLimitValuesExpr()).isEqualTo("-1");
    assertThat(proto.getDuration()).isEqualTo(io.hatchet4j.proto.v1.RateLimitDuration.MINUTE);
  }

  @Test
  void aDynamicLimitRepeatsItsKeyExpressionAndSendsExpressionsAsText() {
    CreateTaskRateLimit numbers = WorkflowRegistration.toProto(RateLimit.dynamicKey("input.user_id")
        .setUnits(1).setLimit(10).setDuration(RateLimitDuration.MINUTE).build());
    CreateTaskRateLimit expressions = WorkflowRegistration.toProto(RateLimit.dynamicKey("\"LIMIT:\"+input.group")
        .setUnits("input.units").setLimit("input.limit").setDuration(RateLimitDuration.SECOND).build());

    assertThat(numbers.getKey()).isEqualTo("input.user_id");
    assertThat(numbers.getKeyExpr()).isEqualTo("input.user_id");
    assertThat(numbers.getUnits()).isEqualTo(1);
    assertThat(numbers.getLimitValuesExpr()).isEqualTo("10");
    assertThat(expressions.getKeyExpr()).isEqualTo("\"LIMIT:\"+input.group");
    assertThat(expressions.hasUnits()).isFalse();
    assertThat(expressions.getUnitsExpr()).isEqualTo("input.units");
    assertThat(expressions.getLimitValuesExpr()).isEqualTo("input.limit");
    assertThat(expressions.getDuration()).isEqualTo(io.hatchet4j.proto.v1.RateLimitDuration.SECOND);
  }

  @Test
  void taskLabelsStickinessAndDefaultPriorityAreRegistered() {
    Task<In, Out> step = Task.builder("step", In.class, Out.class)
        .addRateLimit(RateLimit.staticKey("api").setUnits(2).build())
        .addDesiredWorkerLabel("model", DesiredWorkerLabel.of("fancy-ai-model-v2").withWeight(10))
        .addDesiredWorkerLabel("memory", DesiredWorkerLabel.of(256).asRequired()
            .withComparator(DesiredWorkerLabel.Comparator.LESS_THAN))
        .setHandler((in, ctx) -> new Out(ctx.workerId()))
        .build();
    Workflow<In, ?> plain = Workflow.builder("affinity", In.class).setDefaultPriority(Priority.HIGH)
        .addTask(step).build();
    Task<In, Out> child = Task.builder("child", In.class, Out.class).setHandler((in, ctx) -> new Out("")).build();
    Workflow<In, ?> sticky = Workflow.builder("sticky", In.class).setSticky(StickyStrategy.HARD).addTask(child).build();

    CreateWorkflowVersionRequest request = WorkflowRegistration.toProto(CONFIG, new ObjectMapper(), plain);
    CreateTaskOpts opts = request.getTasks(0);

    assertThat(request.getDefaultPriority()).isEqualTo(3);
    assertThat(request.hasSticky()).isFalse();
    assertThat(opts.getRateLimitsList()).extracting(CreateTaskRateLimit::getKey, CreateTaskRateLimit::getUnits)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("api", 2));
    var model = opts.getWorkerLabelsOrThrow("model");
    assertThat(model.getStrValue()).isEqualTo("fancy-ai-model-v2");
    assertThat(model.getWeight()).isEqualTo(10);
    assertThat(model.getRequired()).isFalse();
    var memory = opts.getWorkerLabelsOrThrow("memory");
    assertThat(memory.getIntValue()).isEqualTo(256);
    assertThat(memory.getRequired()).isTrue();
    assertThat(memory.getComparator()).isEqualTo(WorkerLabelComparator.LESS_THAN);
    assertThat(WorkflowRegistration.toProto(CONFIG, new ObjectMapper(), sticky).getSticky())
        .isEqualTo(io.hatchet4j.proto.v1.StickyStrategy.HARD);
  }

  @Test
  void aStickyChildTriggerCarriesItsParentsWorkerAsDesiredWorkerId() {
    WorkflowTrigger child = WorkflowTrigger.of("child", "{}", Map.of()).withDesiredWorkerId("worker-1");

    assertThat(ClientRuntime.toProto(child).getDesiredWorkerId()).isEqualTo("worker-1");
    assertThat(ClientRuntime.toProto(WorkflowTrigger.of("child", "{}", Map.of())).hasDesiredWorkerId()).isFalse();
  }

  @Test
  void upsertedLabelsAreTextOrNumbers() {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("model", "fancy");
    labels.put("memory", 512);

    UpsertWorkerLabelsRequest request = RealWorkerContext.toProto("w-1", labels);

    assertThat(request.getWorkerId()).isEqualTo("w-1");
    assertThat(request.getLabelsOrThrow("model").getStrValue()).isEqualTo("fancy");
    assertThat(request.getLabelsOrThrow("memory").getIntValue()).isEqualTo(512);
    assertThat(request.getLabelsOrThrow("memory").hasStrValue()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RealWorkerContext.toProto("w-1", Map.of("x", 1.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("label x must be a String or an Integer, got Double");
  }
}
