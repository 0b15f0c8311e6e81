package io.hatchet4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.interceptor.Chain;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.WorkflowTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterceptorsTest {

  @Test
  void runsOutermostFirstAndPassesModifiedRequestsOn() throws Exception {
    List<String> calls = new ArrayList<>();
    HatchetInterceptor outer = tagging("outer", calls);
    HatchetInterceptor inner = tagging("inner", calls);

    String result =
        new Interceptors(List.of(outer, inner))
            .invoke(
                HatchetInterceptor::runWorkflow,
                trigger -> {
                  calls.add("sdk " + new java.util.TreeMap<>(trigger.additionalMetadata()));
                  return "run-1";
                },
                WorkflowTrigger.of("wf", "{}", Map.of()));

    assertThat(result).isEqualTo("run-1");
    assertThat(calls)
        .containsExactly("outer saw {}", "inner saw {outer=yes}", "sdk {inner=yes, outer=yes}");
  }

  @Test
  void anInterceptorCanShortCircuit() throws Exception {
    HatchetInterceptor refusing =
        new HatchetInterceptor() {
          @Override
          public String runWorkflow(Chain<WorkflowTrigger, String> chain) {
            return "cached";
          }
        };
    List<String> sdkCalls = new ArrayList<>();

    String result =
        new Interceptors(List.of(refusing))
            .invoke(HatchetInterceptor::runWorkflow, t -> { sdkCalls.add("called"); return "real"; }, WorkflowTrigger.of("wf", "{}", Map.of()));

    assertThat(result).isEqualTo("cached");
    assertThat(sdkCalls).isEmpty();
  }

  @Test
  void withoutInterceptorsTheSdkIsCalledDirectly() throws Exception {
    WorkflowTrigger trigger = WorkflowTrigger.of("wf", "{}", Map.of());
    Object[] seen = new Object[1];
    new Interceptors(List.of()).invoke(HatchetInterceptor::runWorkflow, t -> { seen[0] = t; return "id"; }, trigger);
    assertThat(seen[0]).isSameAs(trigger);
  }

  private static HatchetInterceptor tagging(String name, List<String> calls) {
    return new HatchetInterceptor() {
      @Override
      public String runWorkflow(Chain<WorkflowTrigger, String> chain) throws Exception {
        calls.add(name + " saw " + new java.util.TreeMap<>(chain.request().additionalMetadata()));
        return chain.proceed(chain.request().withAdditionalMetadata(Map.of(name, "yes")));
      }
    };
  }
}
