package io.hatchet4j.engine.internal.traces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceIdsTest {
  private static final String RUN = "3f2b8c1e-0d4a-4b6f-9e7a-1c2d3e4f5a6b";

  @Test
  void idsAreStableLowerCaseHexOfTheRightLength() {
    assertThat(TraceIds.workflowRunTraceId(RUN)).hasSize(32).matches("[0-9a-f]+")
        .isEqualTo(TraceIds.workflowRunTraceId(RUN.toUpperCase()));
    assertThat(TraceIds.workflowRunSpanId(RUN)).hasSize(16).isNotEqualTo(TraceIds.workflowRunTraceId(RUN).substring(0, 16));
    assertThat(TraceIds.taskSpanId(RUN, 0, "queued")).isNotEqualTo(TraceIds.taskSpanId(RUN, 0, "step_run"))
        .isNotEqualTo(TraceIds.taskSpanId(RUN, 1, "queued"));
  }

  @Test
  void parsesTraceparentsAsUpstreamDoes() {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(TraceIds.parseTraceparent("00-" + trace + "-00f067aa0ba902b7-01"))
        .hasValue(new TraceIds.TraceParent(trace, "00f067aa0ba902b7"));
    assertThat(TraceIds.parseTraceparent("00-" + trace.toUpperCase() + "-short-01"))
        .hasValue(new TraceIds.TraceParent(trace, null));
    assertThat(TraceIds.parseTraceparent("00-" + trace + "-00f067aa0ba902b7")).isEmpty();
    assertThat(TraceIds.parseTraceparent("00-xyz-00f067aa0ba902b7-01")).isEmpty();
    assertThat(TraceIds.parseTraceparent(null)).isEmpty();
    assertThat(TraceIds.parseTraceparent("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")).as("all-zero trace").isEmpty();
    assertThat(TraceIds.parseTraceparent("00-" + trace + "-" + "0".repeat(16) + "-01").orElseThrow().spanId())
        .as("all-zero span").isNull();
    assertThat(TraceIds.isValidTraceparent("00-" + trace + "-00f067aa0ba902b7-01")).isTrue();
    assertThat(TraceIds.isValidTraceparent("ff-" + trace + "-00f067aa0ba902b7-01")).isFalse();
    assertThat(TraceIds.isValidTraceparent("00-" + trace + "-" + "0".repeat(16) + "-01")).isFalse();
    assertThat(TraceIds.isValidTraceparent("00-" + trace + "-00f067aa0ba902b7-x")).isFalse();
  }

  @Test
  void stampsATraceparentOnlyWhereNoneIsValid() {
    String valid = "{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}";
    assertThat(TraceIds.ensureTraceparent(valid, RUN, "x")).isEqualTo(valid);
    String owner = TraceIds.workflowRunTraceId(RUN);
    assertThat(TraceIds.ensureTraceparent("{\"a\":\"b\",\"traceparent\":\"junk\"}", RUN, owner))
        .isEqualTo("{\"a\":\"b\",\"traceparent\":\"00-" + owner + "-" + TraceIds.workflowRunSpanId(RUN) + "-01\"}");
    assertThat(TraceIds.ensureTraceparent("{}", RUN, owner)).contains(owner);
  }
}
