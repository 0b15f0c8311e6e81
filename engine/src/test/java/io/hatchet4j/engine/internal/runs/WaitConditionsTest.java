package io.hatchet4j.engine.internal.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.model.WaitCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitConditionsTest {
  private final WaitConditions conditions = new WaitConditions();

  private static WaitCondition sleep(String key, String duration, String group) {
    return new WaitCondition(WaitCondition.Kind.SLEEP, key, "CREATE", group, duration, null, null, null, null);
  }

  private static WaitCondition event(String key, String eventKey, String expression, String group) {
    return new WaitCondition(WaitCondition.Kind.USER_EVENT, key, "CREATE", group, null, eventKey, expression, null, null);
  }

  @Test
  void aSleepGetsItsDeadlineFromNowAndBadConditionsAreNamed() {
    assertThat(conditions.prepare(List.of(sleep("nap", "90s", "g")), 1_000).get(0).deadlineMs()).isEqualTo(91_000L);
    assertThatThrownBy(() -> conditions.prepare(List.of(), 0))
        .isInstanceOf(EngineException.class).hasMessage("a wait needs at least one condition");
    assertThatThrownBy(() -> conditions.prepare(List.of(sleep("nap", null, "g")), 0))
        .isInstanceOf(EngineException.class).hasMessage("sleep condition 'nap' has no duration");
    assertThatThrownBy(() -> conditions.prepare(List.of(event("paid", " ", null, "g")), 0))
        .isInstanceOf(EngineException.class).hasMessage("user event condition 'paid' has no event key");
  }

  @Test
  void compiledExpressionsAreBounded() {
    for (int i = 0; i < WaitConditions.MAX_CACHED_EXPRESSIONS + 10; i++) {
      conditions.prepare(List.of(event("paid", "payment", "input.order == 'o-" + i + "'", "g")), 0);
    }
    assertThat(conditions.cachedExpressions()).isEqualTo(WaitConditions.MAX_CACHED_EXPRESSIONS);
  }

  @Test
  void aWaitReportsTheDataOfTheConditionsThatHeldByActionAndKey() {
    List<WaitCondition> held = List.of(
        sleep("nap", "1s", "a").withData("{\"id\":1}"),
        event("paid", "payment", null, "b"));
    assertThat(WaitConditions.groupSatisfied(held, "a")).isTrue();
    assertThat(WaitConditions.groupSatisfied(held, "b")).isFalse();
    assertThat(WaitConditions.report(held)).isEqualTo("{\"CREATE\":{\"nap\":[{\"id\":1}]}}");
  }
}
