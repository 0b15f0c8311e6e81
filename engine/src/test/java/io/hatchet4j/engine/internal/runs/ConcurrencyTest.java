package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.model.ConcurrencySetting;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import javax.annotation.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Concurrency limits with the outcomes of upstream's e2e tests
 * ({@code sdks/python/examples/concurrency_*}): who runs, who waits, who is cancelled and why.
 */
class ConcurrencyTest {
  private static final String CANCELLED = ConcurrencyQueues.CANCELLED_REASON;

  // ---------------------------------------------------------------- GROUP_ROUND_ROBIN

  @Test
  void roundRobinRunsMaxRunsPerKeyAndABacklogOnOneKeyDoesNotHoldBackAnother() {
    Harness h = new Harness();
    h.put(single("wf", List.of(setting("input.group", 2, "GROUP_ROUND_ROBIN")), List.of()));
    Harness.FakeWorker worker = h.worker(10, "t");
    List<String> a = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      a.add(trigger(h, "wf", "{\"group\":\"a\"}"));
    }
    String b = trigger(h, "wf", "{\"group\":\"b\"}");

    assertThat(startedRuns(worker)).containsExactly(a.get(0), a.get(1), b);
    assertThat(h.taskView(a.get(2), "t").status()).isEqualTo(TaskStatus.QUEUED);

    worker.complete(startOf(worker, a.get(1)), "{}");
    assertThat(startedRuns(worker)).containsExactly(a.get(0), a.get(1), b, a.get(2));
    worker.complete(startOf(worker, a.get(0)), "{}");
    assertThat(startedRuns(worker)).endsWith(a.get(3));
    assertThat(worker.cancels()).isEmpty();
  }

  @Test
  void roundRobinLetsHigherPriorityRunsInFirstThenOldestFirst() {
    Harness h = new Harness();
    h.put(single("wf", List.of(setting("'constant'", 1, "GROUP_ROUND_ROBIN")), List.of()));
    Harness.FakeWorker worker = h.worker(10, "t");
    String first = trigger(h, "wf", "{}");
    String low = trigger(h, "wf", "{}");
    String high = trigger(h, "wf", "{}", 3);
    String low2 = trigger(h, "wf", "{}");

    worker.complete(startOf(worker, first), "{}");
    worker.complete(startOf(worker, high), "{}");
    worker.complete(startOf(worker, low), "{}");

    assertThat(startedRuns(worker)).containsExactly(first, high, low, low2);
  }

  @Test
  void aTaskWaitingForItsPlacePastItsScheduleTimeoutFailsAndFreesNothingElse() {
    Harness h = new Harness();
    TaskSpec t = new TaskSpec("t", "wf:t", List.of(), 0, null, null, "1h", "1m", false, Map.of(),
        List.of(setting("'k'", 1, "GROUP_ROUND_ROBIN")));
    h.put(dag(List.of(), t));
    Harness.FakeWorker worker = h.worker(10, "t");
    String running = trigger(h, "wf", "{}");
    String waiting = trigger(h, "wf", "{}");

    h.advance(Duration.ofMinutes(2));

    assertThat(h.run(waiting).status()).isEqualTo(RunStatus.FAILED);
    String later = trigger(h, "wf", "{}");
    assertThat(startedRuns(worker)).containsExactly(running);
    worker.complete(startOf(worker, running), "{}");
    assertThat(startedRuns(worker)).containsExactly(running, later);
  }

  // ---------------------------------------------------------------- CANCEL_IN_PROGRESS

  @Test
  void cancelInProgressOnATwoStepWorkflowLeavesOnlyTheNewestRunToComplete() {
    // concurrency_cancel_in_progress: 10 runs of one group, one after the other: only the last completes.
    Harness h = new Harness();
    h.put(twoSteps(setting("input.group", 1, "CANCEL_IN_PROGRESS")));
    Harness.FakeWorker worker = h.worker(10, "step1", "step2");
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(trigger(h, "wf", "{\"group\":\"g\"}"));
      WorkerAction started = startOf(worker, runs.get(i));
      worker.report(started, StepEvent.Type.STARTED, "", false);
    }
    String last = runs.get(9);
    worker.complete(startOf(worker, last), "{}");
    worker.complete(worker.lastStart(), "{}");

    for (String run : runs.subList(0, 9)) {
      assertThat(h.run(run).status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(h.taskView(run, "step1").error()).isEqualTo(CANCELLED);
      assertThat(h.taskView(run, "step2").status()).isEqualTo(TaskStatus.CANCELLED);
    }
    assertThat(h.run(last).status()).isEqualTo(RunStatus.COMPLETED);
    // Each preempted run's worker was told to stop its running step.
    assertThat(worker.cancels()).extracting(WorkerAction::workflowRunId).containsExactlyElementsOf(runs.subList(0, 9));
  }

  @Test
  void cancelInProgressAtTaskLevelCancelsTheRunningTaskForTheNewOne() {
    Harness h = new Harness();
    h.put(single("wf", List.of(), List.of(setting("input.group", 1, "CANCEL_IN_PROGRESS"))));
    Harness.FakeWorker worker = h.worker(10, "t");
    String old = trigger(h, "wf", "{\"group\":\"g\"}");
    String other = trigger(h, "wf", "{\"group\":\"h\"}");
    String newer = trigger(h, "wf", "{\"group\":\"g\"}");

    assertThat(h.run(old).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(h.taskView(old, "t").error()).isEqualTo(CANCELLED);
    assertThat(worker.cancels()).extracting(WorkerAction::workflowRunId).containsExactly(old);
    assertThat(startedRuns(worker)).containsExactly(old, other, newer);
  }

  @Test
  void cancelInProgressKeepsAHigherPriorityRunAgainstANewerLowerOne() {
    Harness h = new Harness();
    h.put(single("wf", List.of(setting("'k'", 1, null)), List.of()));
    Harness.FakeWorker worker = h.worker(10, "t");
    String high = trigger(h, "wf", "{}", 3);
    String low = trigger(h, "wf", "{}", 1);

    assertThat(h.run(low).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(h.taskView(high, "t").status()).isEqualTo(TaskStatus.ASSIGNED);
    assertThat(startedRuns(worker)).containsExactly(high);
  }

  @Test
  void runsTriggeredTogetherAreDecidedTogether() {
    Harness h = new Harness();
    h.put(single("wf", List.of(setting("'k'", 2, "CANCEL_IN_PROGRESS")), List.of()));
    Harness.FakeWorker worker = h.worker(10, "t");
    List<String> runs = h.scheduler.trigger(TENANT, List.of(TriggerSpec.of("wf", "{}"), TriggerSpec.of("wf", "{}"),
        TriggerSpec.of("wf", "{}"), TriggerSpec.of("wf", "{}")));
    h.settle();

    // The two newest keep their places; the older ones never reach a worker.
    assertThat(startedRuns(worker)).containsExactlyInAnyOrder(runs.get(2), runs.get(3));
    assertThat(h.run(runs.get(0)).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(h.run(runs.get(1)).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(worker.cancels()).isEmpty();
  }

  // ---------------------------------------------------------------- CANCEL_NEWEST

  @Test
  void cancelNewestKeepsTheFirstRunAndCancelsEveryLaterOneOfItsGroup() {
    // concurrency_cancel_newest: the first run completes; 10 runs triggered later are all cancelled.
    Harness h = new Harness();
    h.put(twoSteps(setting("input.group", 1, "CANCEL_NEWEST")));
    Harness.FakeWorker worker = h.worker(10, "step1", "step2");
    String first = trigger(h, "wf", "{\"group\":\"g\"}");
    List<String> later = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      later.add(trigger(h, "wf", "{\"group\":\"g\"}"));
    }
    worker.complete(startOf(worker, first), "{}");
    // The run keeps its place between its steps: nothing else of the group gets in.
    String between = trigger(h, "wf", "{\"group\":\"g\"}");
    worker.complete(worker.lastStart(), "{}");

    assertThat(h.run(first).status()).isEqualTo(RunStatus.COMPLETED);
    for (String run : later) {
      assertThat(h.run(run).status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(h.taskView(run, "step1").error()).isEqualTo(CANCELLED);
    }
    assertThat(h.run(between).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(worker.cancels()).isEmpty();
    String after = trigger(h, "wf", "{\"group\":\"g\"}");
    assertThat(startedRuns(worker)).endsWith(after);
  }

  @Test
  void cancelNewestAtTaskLevelWithMaxRunsTwo() {
    Harness h = new Harness();
    h.put(single("wf", List.of(), List.of(setting("input.group", 2, "CANCEL_NEWEST"))));
    Harness.FakeWorker worker = h.worker(10, "t");
    String one = trigger(h, "wf", "{\"group\":\"g\"}");
    String two = trigger(h, "wf", "{\"group\":\"g\"}");
    String three = trigger(h, "wf", "{\"group\":\"g\"}");

    assertThat(startedRuns(worker)).containsExactly(one, two);
    assertThat(h.run(three).status()).isEqualTo(RunStatus.CANCELLED);
    worker.complete(startOf(worker, one), "{}");
    String four = trigger(h, "wf", "{\"group\":\"g\"}");
    assertThat(startedRuns(worker)).containsExactly(one, two, four);
  }

  // ---------------------------------------------------------------- several keys

  @Test
  void taskLevelKeysEachHoldTheirLimitAcrossAHundredRuns() {
    // concurrency_multiple_keys: digit max 8, name max 3, GROUP_ROUND_ROBIN, 10 worker slots.
    Harness h = new Harness();
    h.put(single("wf", List.of(), List.of(setting("input.digit", 8, "GROUP_ROUND_ROBIN"),
        setting("input.name", 3, "GROUP_ROUND_ROBIN"))));
    assertLimitsHold(h, "t");
  }

  @Test
  void workflowLevelKeysCountWholeRunsOfATwoTaskWorkflow() {
    // concurrency_workflow_level: the same limits, at workflow level, on two tasks per run.
    Harness h = new Harness();
    h.put(dag(List.of(setting("input.digit", 8, "GROUP_ROUND_ROBIN"), setting("input.name", 3, "GROUP_ROUND_ROBIN")),
        task("task_1", List.of()), task("task_2", List.of())));
    assertLimitsHold(h, "task_1", "task_2");
  }

  /** Triggers 100 runs over 10 digits and 5 names, works them off, and checks the limits at each step. */
  private static void assertLimitsHold(Harness h, String... tasks) {
    Harness.FakeWorker worker = h.worker(10, tasks);
    String[] names = {"Anna", "Vera", "Ida", "Otto", "Emil"};
    Random random = new Random(7);
    Map<String, String[]> keysByRun = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      String digit = String.valueOf(random.nextInt(10));
      String name = names[random.nextInt(names.length)];
      keysByRun.put(trigger(h, "wf", "{\"digit\":\"" + digit + "\",\"name\":\"" + name + "\"}"),
          new String[] {digit, name});
    }
    Map<String, Integer> done = new HashMap<>();
    int mostPerName = 0;
    int handled = 0;
    while (handled < worker.starts().size()) {
      // Runs with a task on the worker now, by digit and by name.
      Map<String, Integer> active = new LinkedHashMap<>();
      for (WorkerAction start : worker.starts().subList(handled, worker.starts().size())) {
        active.putIfAbsent(start.workflowRunId(), 1);
      }
      for (WorkerAction start : worker.starts().subList(0, handled)) {
        if (done.getOrDefault(start.workflowRunId(), 0) < tasks.length) {
          active.putIfAbsent(start.workflowRunId(), 1);
        }
      }
      assertThat(count(active.keySet(), run -> keysByRun.get(run)[0]).values()).allMatch(n -> n <= 8);
      Map<String, Integer> perName = count(active.keySet(), run -> keysByRun.get(run)[1]);
      assertThat(perName.values()).allMatch(n -> n <= 3);
      mostPerName = Math.max(mostPerName, perName.values().stream().max(Integer::compare).orElse(0));
      WorkerAction next = worker.starts().get(handled++);
      done.merge(next.workflowRunId(), 1, Integer::sum);
      worker.complete(next, "{}");
    }
    assertThat(mostPerName).isEqualTo(3);
    assertThat(h.runs()).hasSize(100).allMatch(r -> r.status() == RunStatus.COMPLETED);
  }

  private static Map<String, Integer> count(Iterable<String> runs, Function<String, String> key) {
    Map<String, Integer> counts = new HashMap<>();
    runs.forEach(run -> counts.merge(key.apply(run), 1, Integer::sum));
    return counts;
  }

  @Test
  void aTaskPassesItsWorkflowsStrategiesThenItsOwn() {
    Harness h = new Harness();
    h.put(single("wf", List.of(setting("'all'", 2, "GROUP_ROUND_ROBIN")),
        List.of(setting("input.group", 1, "GROUP_ROUND_ROBIN"))));
    Harness.FakeWorker worker = h.worker(10, "t");
    String a1 = trigger(h, "wf", "{\"group\":\"a\"}");
    String a2 = trigger(h, "wf", "{\"group\":\"a\"}");
    String b1 = trigger(h, "wf", "{\"group\":\"b\"}");

    // a2 holds the second place of 'all' while it waits for group a, so b1 waits too, as upstream chains them.
    assertThat(startedRuns(worker)).containsExactly(a1);
    worker.complete(startOf(worker, a1), "{}");
    assertThat(startedRuns(worker)).containsExactly(a1, a2, b1);
  }

  // ---------------------------------------------------------------- retries and failures

  @Test
  void aRetryGetsItsPlaceBackAheadOfTasksThatWaitedLonger() {
    Harness h = new Harness();
    TaskSpec t = new TaskSpec("t", "wf:t", List.of(), 1, null, null, null, null, false, Map.of(),
        List.of(setting("'k'", 1, "GROUP_ROUND_ROBIN")));
    h.put(dag(List.of(), t));
    Harness.FakeWorker worker = h.worker(10, "t");
    String first = trigger(h, "wf", "{}");
    String second = trigger(h, "wf", "{}", 3);

    worker.fail(startOf(worker, first), "boom");

    assertThat(startedRuns(worker)).containsExactly(first, first);
    assertThat(worker.lastStart().retryCount()).isEqualTo(1);
    worker.complete(worker.lastStart(), "{}");
    assertThat(startedRuns(worker)).containsExactly(first, first, second);
  }

  @Test
  void aRunHoldsItsWorkflowPlaceWhileAStepRetries() {
    Harness h = new Harness();
    TaskSpec step1 = new TaskSpec("step1", "wf:step1", List.of(), 2, null, null, null, null, false, Map.of(), List.of());
    h.put(dag(List.of(setting("'k'", 1, "GROUP_ROUND_ROBIN")), step1, task("step2", List.of(), "step1")));
    Harness.FakeWorker worker = h.worker(10, "step1", "step2");
    String first = trigger(h, "wf", "{}");
    String second = trigger(h, "wf", "{}");

    worker.fail(startOf(worker, first), "boom");
    worker.complete(worker.lastStart(), "{}");
    assertThat(startedRuns(worker)).containsExactly(first, first, first);
    worker.complete(worker.lastStart(), "{}");

    assertThat(h.run(first).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(startedRuns(worker)).endsWith(second);
  }

  @Test
  void aKeyThatIsNotAStringFailsTheTaskWithUpstreamsReason() {
    Harness h = new Harness();
    h.put(single("wf", List.of(setting("input.n", 1, "GROUP_ROUND_ROBIN")), List.of()));
    h.worker(10, "t");

    String number = trigger(h, "wf", "{\"n\":5}");
    String missing = trigger(h, "wf", "{}");
    String flag = trigger(h, "wf", "{\"n\":true}");

    assertThat(h.run(number).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.taskView(number, "t").error())
        .isEqualTo("failed to parse step expression (input.n): expected string output for concurrency key, got int");
    assertThat(h.run(missing).status()).isEqualTo(RunStatus.FAILED);
    // The CEL library words the missing key (upstream's cel-go: "no such key: n").
    assertThat(h.taskView(missing, "t").error()).startsWith("failed to parse step expression (input.n): ");
    assertThat(h.run(flag).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.taskView(flag, "t").error())
        .isEqualTo("failed to parse step expression (input.n): output must evaluate to a string or integer: got bool");
  }

  @Test
  void aDagChildIsGatedByItsOwnKeyWhenItsParentCompletes() {
    Harness h = new Harness();
    h.put(dag(List.of(), task("a", List.of()), task("b", List.of(setting("input.bad", 1, "GROUP_ROUND_ROBIN")), "a")));
    Harness.FakeWorker worker = h.worker(10, "a", "b");
    String run = trigger(h, "wf", "{\"bad\":1}");

    worker.complete(startOf(worker, run), "{}");

    assertThat(h.taskView(run, "b").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(h.run(run).status()).isEqualTo(RunStatus.FAILED);
  }

  // ---------------------------------------------------------------- restart

  @Test
  void placesSurviveARestart() {
    Harness h = new Harness();
    h.put(single("wf", List.of(setting("'k'", 1, "GROUP_ROUND_ROBIN")), List.of()));
    Harness.FakeWorker before = h.worker(10, "t");
    String running = trigger(h, "wf", "{}");
    String waiting = trigger(h, "wf", "{}");
    assertThat(startedRuns(before)).containsExactly(running);

    Harness after = h.restarted();
    Harness.FakeWorker worker = after.worker(10, "t");

    assertThat(startedRuns(worker)).containsExactly(running);
    worker.complete(worker.lastStart(), "{}");
    assertThat(startedRuns(worker)).containsExactly(running, waiting);
  }

  // ---------------------------------------------------------------- helpers

  static ConcurrencySetting setting(String expression, @Nullable Integer maxRuns, @Nullable String strategy) {
    return new ConcurrencySetting(expression, maxRuns, strategy);
  }

  static TaskSpec task(String name, List<ConcurrencySetting> concurrency, String... parents) {
    return new TaskSpec(name, "wf:" + name, List.of(parents), 0, null, null, null, null, false, Map.of(), concurrency);
  }

  /** Workflow {@code wf} of these tasks with this workflow-level concurrency. */
  static WorkflowSpec dag(List<ConcurrencySetting> workflowLevel, TaskSpec... tasks) {
    return new WorkflowSpec("wf", "", "", List.of(), List.of(), null, List.of(tasks), null, null, null, workflowLevel,
        List.of());
  }

  /** upstream's example: step2 after step1, one workflow-level limit. */
  static WorkflowSpec twoSteps(ConcurrencySetting limit) {
    return dag(List.of(limit), task("step1", List.of()), task("step2", List.of(), "step1"));
  }

  /** A workflow of one task {@code t}, with workflow-level and task-level concurrency. */
  static WorkflowSpec single(String name, List<ConcurrencySetting> workflowLevel, List<ConcurrencySetting> taskLevel) {
    return new WorkflowSpec(name, "", "", List.of(), List.of(), null, List.of(task("t", taskLevel)), null, null, null,
        workflowLevel, List.of());
  }

  static String trigger(Harness h, String workflow, String input) {
    return trigger(h, workflow, input, null);
  }

  static String trigger(Harness h, String workflow, String input, @Nullable Integer priority) {
    String id = h.scheduler.trigger(TENANT, List.of(new TriggerSpec(workflow, input, null, null, null, null, null,
        priority, null))).get(0);
    h.settle();
    return id;
  }

  static List<String> startedRuns(Harness.FakeWorker worker) {
    return worker.starts().stream().map(WorkerAction::workflowRunId).toList();
  }

  static WorkerAction startOf(Harness.FakeWorker worker, String runId) {
    List<WorkerAction> starts = worker.starts();
    for (int i = starts.size() - 1; i >= 0; i--) {
      if (starts.get(i).workflowRunId().equals(runId)) {
        return starts.get(i);
      }
    }
    throw new AssertionError("run " + runId + " was never started");
  }
}
