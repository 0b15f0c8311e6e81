package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.FlowFixtures.dynamicLimit;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.limited;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.spec;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.staticLimit;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.trigger;
import static io.hatchet4j.engine.internal.runs.FlowFixtures.workflow;
import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.model.RateLimitRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rate limits as upstream enforces them (reference §2): fixed windows refilled on the engine clock,
 * static keys declared with PutRateLimit, dynamic keys evaluated when the task is created.
 */
class RateLimitsTest {

  /** Upstream's rate_limit example: a limit of 2 per second and three runs; the third waits a window. */
  @Test
  void aStaticLimitLetsItsUnitsThroughPerWindowAndTheRestWaitForTheRefill() {
    Harness h = new Harness();
    h.scheduler.putRateLimit(TENANT, "test-limit", 2, "SECOND");
    h.put(workflow("RateLimitWorkflow", null, limited("step_1", staticLimit("test-limit", 1))));
    Harness.FakeWorker worker = h.worker(10, "step_1");
    List<String> runs = List.of(h.trigger("RateLimitWorkflow"), h.trigger("RateLimitWorkflow"),
        h.trigger("RateLimitWorkflow"));

    assertThat(worker.starts()).hasSize(2);
    assertThat(h.taskView(runs.get(2), "step_1").status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(h.scheduler.rateLimits(TENANT)).singleElement()
        .satisfies(limit -> assertThat(limit.value()).isZero());

    h.advance(Duration.ofMillis(989));
    assertThat(worker.starts()).hasSize(2);
    h.advance(Duration.ofMillis(1));
    assertThat(worker.starts()).hasSize(3);
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(runs.get(2));
  }

  @Test
  void unitsAreNotGivenBackWhenATaskFinishes() {
    Harness.FakeWorker worker = oneTaskTook(1, "MINUTE", 1);
    Harness h = worker.harness;
    h.trigger("w");
    worker.complete(worker.lastStart(), "{}");

    assertThat(worker.starts()).hasSize(1);
    h.advance(Duration.ofMinutes(1));
    assertThat(worker.starts()).hasSize(2);
  }

  @Test
  void aKeyNobodyPutKeepsItsTasksQueuedUntilItIsPut() {
    Harness h = new Harness();
    h.put(workflow("w", null, limited("t", staticLimit("missing", 1))));
    Harness.FakeWorker worker = h.worker(10, "t");
    String run = h.trigger("w");
    h.advance(Duration.ofMinutes(2));
    assertThat(h.taskView(run, "t").status()).isEqualTo(TaskStatus.QUEUED);

    h.scheduler.putRateLimit(TENANT, "missing", 5, "HOUR");
    h.settle();

    assertThat(worker.starts()).hasSize(1);
  }

  /** No check refuses units above the limit: the task waits until its schedule timeout fails it. */
  @Test
  void moreUnitsThanTheLimitWaitUntilTheScheduleTimeoutWithTheRateLimitMessage() {
    Harness h = new Harness();
    h.scheduler.putRateLimit(TENANT, "small", 2, "SECOND");
    h.put(workflow("w", null, spec("t", 0, List.of(staticLimit("small", 5)), java.util.Map.of(), "30s")));
    Harness.FakeWorker worker = h.worker(10, "t");
    String run = h.trigger("w");
    h.advance(Duration.ofSeconds(29));
    assertThat(h.taskView(run, "t").status()).isEqualTo(TaskStatus.QUEUED);

    h.advance(Duration.ofSeconds(1));

    assertThat(worker.starts()).isEmpty();
    assertThat(h.run(run).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.taskView(run, "t").error())
        .startsWith("task could not be assigned to a worker within its schedule timeout of 30s")
        .endsWith("Rate limit exceeded for key small, attempting to consume 5 units, but only had 2 remaining");
  }

  /** A refill more than 2 s away parks the task out of the queue; its schedule timeout still finds it. */
  @Test
  void aParkedTaskStillTimesOutAndOneThatWasNotParkedReturnsAtTheRefill() {
    Harness h = new Harness();
    h.scheduler.putRateLimit(TENANT, "hourly", 1, "HOUR");
    h.put(workflow("w", null, spec("t", 0, List.of(staticLimit("hourly", 1)), java.util.Map.of(), "55m")));
    Harness.FakeWorker worker = h.worker(10, "t");
    h.trigger("w");
    String parked = h.trigger("w");

    h.advance(Duration.ofMinutes(55));

    assertThat(h.taskView(parked, "t").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(h.taskView(parked, "t").error()).endsWith("but only had 0 remaining");
    String later = h.trigger("w");
    h.advance(Duration.ofMinutes(5));
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(later);
    assertThat(worker.starts()).hasSize(2);
  }

  /** Upstream's dynamic example: the key from the input, a limit per key declared by the task. */
  @Test
  void aDynamicKeyLimitsEachKeyOnItsOwnWithTheLimitTheTaskDeclares() {
    Harness h = new Harness();
    h.put(workflow("DynamicRateLimitWorkflow", null,
        limited("step1", dynamicLimit("input.group", "input.units", "input.limit", "MINUTE"))));
    Harness.FakeWorker worker = h.worker(10, "step1");
    String a1 = trigger(h, "DynamicRateLimitWorkflow", "{\"group\":\"a\",\"units\":2,\"limit\":3}");
    String a2 = trigger(h, "DynamicRateLimitWorkflow", "{\"group\":\"a\",\"units\":2,\"limit\":3}");
    String b1 = trigger(h, "DynamicRateLimitWorkflow", "{\"group\":\"b\",\"units\":2,\"limit\":3}");

    assertThat(worker.starts()).extracting(WorkerAction::workflowRunId).containsExactly(a1, b1);
    assertThat(h.taskView(a2, "step1").status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(h.scheduler.rateLimits(TENANT)).extracting(RateLimitRecord::key, RateLimitRecord::limitValue,
            RateLimitRecord::value, RateLimitRecord::window)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 3, 1, "MINUTE"),
            org.assertj.core.groups.Tuple.tuple("b", 3, 1, "MINUTE"));

    h.advance(Duration.ofMinutes(1));
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(a2);
  }

  @Test
  void aRateLimitedTaskDoesNotHoldBackTasksWithOtherKeysBehindIt() {
    Harness h = new Harness();
    h.put(workflow("w", null, limited("t", dynamicLimit("input.k", null, "1", "HOUR"))));
    Harness.FakeWorker worker = h.worker(10, "t");
    trigger(h, "w", "{\"k\":\"x\"}");
    String waiting = trigger(h, "w", "{\"k\":\"x\"}");
    String other = trigger(h, "w", "{\"k\":\"y\"}");

    assertThat(worker.starts()).hasSize(2);
    assertThat(worker.lastStart().workflowRunId()).isEqualTo(other);
    assertThat(h.taskView(waiting, "t").status()).isEqualTo(TaskStatus.QUEUED);
  }

  @Test
  void anExpressionOfTheWrongTypeCreatesTheTaskFailedWithUpstreamsText() {
    Harness h = new Harness();
    h.put(workflow("w", null, limited("t", dynamicLimit("input.k", "input.units", "5", "MINUTE"))));
    Harness.FakeWorker worker = h.worker(10, "t");

    String run = trigger(h, "w", "{\"k\":\"x\",\"units\":\"two\"}");

    assertThat(worker.starts()).isEmpty();
    assertThat(h.run(run).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.taskView(run, "t").error()).isEqualTo(
        "failed to parse step expression (input.units): expected int output for dynamic rate limit units, got string");
  }

  @Test
  void aKeyThatIsNotAStringFailsTheTaskToo() {
    Harness h = new Harness();
    h.put(workflow("w", null, limited("t", dynamicLimit("input.n", null, "5", "MINUTE"))));
    h.worker(10, "t");

    String run = trigger(h, "w", "{\"n\":7}");

    assertThat(h.taskView(run, "t").error()).isEqualTo(
        "failed to parse step expression (input.n): expected string output for dynamic rate limit key, got int");
  }

  /** The worker of a harness whose task of static key k, {@code units} units, was assigned once. */
  private static Harness.FakeWorker oneTaskTook(int limit, String window, int units) {
    Harness h = new Harness();
    h.scheduler.putRateLimit(TENANT, "k", limit, window);
    h.put(workflow("w", null, limited("t", staticLimit("k", units))));
    Harness.FakeWorker worker = h.worker(10, "t");
    h.trigger("w");
    return worker;
  }

  @Test
  void putKeepsWhatIsLeftOfTheWindowLoweredToANewLimit() {
    Harness h = oneTaskTook(10, "MINUTE", 3).harness;
    assertThat(h.scheduler.rateLimits(TENANT).get(0).value()).isEqualTo(7);

    h.scheduler.putRateLimit(TENANT, "k", 20, "HOUR");
    assertThat(h.scheduler.rateLimits(TENANT).get(0)).extracting(RateLimitRecord::limitValue, RateLimitRecord::value,
        RateLimitRecord::window).containsExactly(20, 7, "HOUR");
    h.scheduler.putRateLimit(TENANT, "k", 5, "HOUR");
    assertThat(h.scheduler.rateLimits(TENANT).get(0).value()).isEqualTo(5);

    h.advance(Duration.ofHours(1));
    assertThat(h.scheduler.rateLimits(TENANT).get(0).value())
        .as("a window that ran out is listed refilled").isEqualTo(5);
  }

  @Test
  void putRefusesAnEmptyKeyAsUpstream() {
    Harness h = new Harness();
    assertThatThrownBy(() -> h.scheduler.putRateLimit(TENANT, "", 1, "SECOND"))
        .isInstanceOf(EngineException.class).hasMessage("key is required");
  }

  @Test
  void consumedUnitsSurviveARestart() {
    Harness h = oneTaskTook(2, "HOUR", 2).harness;

    Scheduler restarted = new Scheduler(h.store, h.effects, Harness.SETTINGS);
    restarted.load();

    assertThat(restarted.rateLimits(TENANT)).singleElement()
        .satisfies(limit -> assertThat(limit.value()).isZero());
  }
}
