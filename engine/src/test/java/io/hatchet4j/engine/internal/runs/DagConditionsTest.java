package io.hatchet4j.engine.internal.runs;

import static io.hatchet4j.engine.internal.runs.Harness.TENANT;
import static io.hatchet4j.engine.internal.runs.Harness.task;
import static io.hatchet4j.engine.internal.runs.Harness.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskCondition;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.TaskStatus;
import io.hatchet4j.engine.internal.model.TenantRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * DAG conditions on a fake clock, one test per outcome of upstream's {@code test_conditions.py}
 * plus the rules of its parent match (children of skipped tasks, precedence).
 */
class DagConditionsTest {
  private final Harness h = new Harness();
  private Harness.FakeWorker worker;

  // ---------------------------------------------------------------- building conditions

  static TaskSpec gated(String name, List<TaskCondition> conditions, String... parents) {
    TaskSpec plain = task(name, parents);
    return new TaskSpec(plain.readableId(), plain.actionId(), plain.parents(), 0, null, null, null, null, false,
        Map.of(), List.of(), List.of(), Map.of(), conditions);
  }

  static TaskCondition sleep(String action, String duration) {
    return sleep(action, duration, UUID.randomUUID().toString());
  }

  static TaskCondition sleep(String action, String duration, String group) {
    return new TaskCondition(TaskCondition.Kind.SLEEP, "sleep:" + duration, action, group, duration, null, null, null);
  }

  static TaskCondition event(String action, String key) {
    return event(action, key, null, UUID.randomUUID().toString());
  }

  static TaskCondition event(String action, String key, String expression, String group) {
    return new TaskCondition(TaskCondition.Kind.USER_EVENT, key, action, group, null, key, null, expression);
  }

  static TaskCondition parent(String action, String parent, String expression) {
    return parent(action, parent, expression, UUID.randomUUID().toString());
  }

  static TaskCondition parent(String action, String parent, String expression, String group) {
    return new TaskCondition(TaskCondition.Kind.PARENT_OVERRIDE, parent, action, group, null, null, parent, expression);
  }

  /**
   * Registers workflow {@code wf}: a task {@code start} and {@code children}; starts a worker for
   * all of them and a run, and completes {@code start} with {@code number}. Returns the run's id.
   */
  private String runPastStart(int number, TaskSpec... children) {
    List<TaskSpec> tasks = new ArrayList<>(List.of(task("start")));
    tasks.addAll(List.of(children));
    h.put(workflow("wf", tasks));
    worker = h.worker(10, tasks.stream().map(TaskSpec::readableId).toArray(String[]::new));
    String runId = h.trigger("wf");
    completeAs(worker, "start", number);
    return runId;
  }

  private void push(String key, String payload) {
    h.scheduler.pushEvents(TENANT, List.of(new EventSpec(key, payload, null, null, null)));
    h.settle();
  }

  private List<String> started(Harness.FakeWorker worker) {
    return worker.starts().stream().map(WorkerAction::taskName).toList();
  }

  private WorkerAction start(Harness.FakeWorker worker, String name) {
    return worker.starts().stream().filter(a -> a.taskName().equals(name)).reduce((a, b) -> b).orElseThrow();
  }

  private void completeAs(Harness.FakeWorker worker, String name, int number) {
    worker.complete(start(worker, name), "{\"random_number\":" + number + "}");
  }

  // ---------------------------------------------------------------- wait_for

  @Test
  void waitForSleepStartsCountingWhenTheParentCompletes() {
    h.put(workflow("wf", List.of(task("start"), gated("wait", List.of(sleep("QUEUE", "10s")), "start"))));
    Harness.FakeWorker worker = h.worker(5, "start", "wait");
    String runId = h.trigger("wf");
    h.advance(Duration.ofSeconds(30));
    completeAs(worker, "start", 1);

    h.advance(Duration.ofSeconds(9));
    assertThat(started(worker)).containsExactly("start");
    h.advance(Duration.ofSeconds(1));
    assertThat(started(worker)).containsExactly("start", "wait");
    completeAs(worker, "wait", 2);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void aRootTaskWaitsForItsEventAndIgnoresEventsOfOtherKeysOrFailingTheExpression() {
    String group = UUID.randomUUID().toString();
    h.put(workflow("wf", List.of(gated("target", List.of(event("QUEUE", "go", "input.ok == true", group))))));
    Harness.FakeWorker worker = h.worker(5, "target");
    h.trigger("wf");

    push("other", "{\"ok\":true}");
    push("go", "{\"ok\":false}");
    assertThat(worker.starts()).isEmpty();
    push("go", "{\"ok\":true}");
    assertThat(started(worker)).containsExactly("target");
  }

  @Test
  void anEventPushedBeforeTheParentsCompleteDoesNotCount() {
    h.put(workflow("wf", List.of(task("start"), gated("target", List.of(event("QUEUE", "go")), "start"))));
    Harness.FakeWorker worker = h.worker(5, "start", "target");
    h.trigger("wf");

    push("go", "{}");
    completeAs(worker, "start", 1);
    assertThat(started(worker)).containsExactly("start");
    push("go", "{}");
    assertThat(started(worker)).containsExactly("start", "target");
  }

  @Test
  void theEventThatStartsARunDoesNotReleaseItsOwnWait() {
    h.put(new io.hatchet4j.engine.internal.model.WorkflowSpec("wf", "", "", List.of("go"), List.of(), null,
        List.of(gated("target", List.of(event("QUEUE", "go")))), null, null, null, List.of(), List.of()));
    Harness.FakeWorker worker = h.worker(5, "target");

    push("go", "{}");
    assertThat(worker.starts()).isEmpty();
    // The second event releases the first run's task; the run it starts waits for a third.
    push("go", "{}");
    assertThat(worker.starts()).hasSize(1);
    assertThat(h.runs()).hasSize(2);
  }

  @Test
  void anOrGroupProceedsOnWhicheverConditionHoldsFirst() {
    String group = UUID.randomUUID().toString();
    runPastStart(1, gated("target",
        List.of(sleep("QUEUE", "60s", group), event("QUEUE", "wait_for_event:start", null, group)), "start"));

    push("wait_for_event:start", "{}");
    assertThat(started(worker)).containsExactly("start", "target");
    h.advance(Duration.ofMinutes(2));
    assertThat(started(worker)).containsExactly("start", "target");
  }

  @Test
  void separateOrGroupsMustAllHold() {
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();
    runPastStart(1, gated("target", List.of(sleep("QUEUE", "30s", first),
        sleep("QUEUE", "60s", second), event("QUEUE", "payment:processed", null, second)), "start"));

    push("payment:processed", "{}");
    assertThat(started(worker)).containsExactly("start");
    h.advance(Duration.ofSeconds(30));
    assertThat(started(worker)).containsExactly("start", "target");
  }

  // ---------------------------------------------------------------- skip_if

  @Test
  void skipIfOnAParentsOutputSkipsAtOnceWithTheSkippedOutput() {
    String runId = runPastStart(7,
        task("slow", "start"),
        gated("skipper", List.of(parent("SKIP", "start", "output.random_number > 0")), "start", "slow"));

    // Upstream fires the SKIP group as soon as its one parent completes, before "slow" does.
    assertThat(h.taskView(runId, "skipper").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(Json.parseTrusted(h.taskView(runId, "skipper").output()))
        .isEqualTo(Json.parseTrusted("{\"skipped\":true}"));
    completeAs(worker, "slow", 1);
    assertThat(started(worker)).containsExactly("start", "slow");
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void complementaryBranchesRunExactlyOne() {
    String runId = runPastStart(80,
        gated("left", List.of(parent("SKIP", "start", "output.random_number > 50")), "start"),
        gated("right", List.of(parent("SKIP", "start", "output.random_number <= 50")), "start"));

    assertThat(started(worker)).containsExactly("start", "right");
    assertThat(h.taskView(runId, "left").output()).isEqualTo(TaskMachine.SKIPPED_OUTPUT);
  }

  @Test
  void skipIfEventSkipsATaskStillWaitingForItsSleep() {
    String runId = runPastStart(1,
        gated("skip_on_event", List.of(sleep("QUEUE", "30s"), event("SKIP", "skip_on_event:skip")), "start"));

    push("skip_on_event:skip", "{}");
    assertThat(h.taskView(runId, "skip_on_event").output()).isEqualTo(TaskMachine.SKIPPED_OUTPUT);
    h.advance(Duration.ofSeconds(31));
    assertThat(started(worker)).containsExactly("start");
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void skipIfSleepSkipsWhenTheSleepWinsAndRunsWhenTheEventWins() {
    h.put(workflow("wf", List.of(task("sis_start"),
        gated("sis_target", List.of(event("QUEUE", "skip_if_sleep:proceed"), sleep("SKIP", "12s")), "sis_start"))));
    Harness.FakeWorker worker = h.worker(5, "sis_start", "sis_target");

    String sleepWins = h.trigger("wf");
    completeAs(worker, "sis_start", 1);
    h.advance(Duration.ofSeconds(12));
    assertThat(h.taskView(sleepWins, "sis_target").output()).isEqualTo(TaskMachine.SKIPPED_OUTPUT);

    String eventWins = h.trigger("wf");
    completeAs(worker, "sis_start", 1);
    h.advance(Duration.ofSeconds(5));
    push("skip_if_sleep:proceed", "{}");
    completeAs(worker, "sis_target", 2);
    h.advance(Duration.ofSeconds(12));
    assertThat(h.taskView(eventWins, "sis_target").output()).isEqualTo("{\"random_number\":2}");
  }

  @Test
  void skipIfWithAnOrGroupOfParentConditions() {
    String group = UUID.randomUUID().toString();
    h.put(workflow("wf", List.of(task("sio_start"), gated("sio_target", List.of(
        parent("SKIP", "sio_start", "output.random_number >= 1", group),
        parent("SKIP", "sio_start", "output.random_number > 1000", group)), "sio_start"))));
    Harness.FakeWorker worker = h.worker(5, "sio_start", "sio_target");
    String runId = h.trigger("wf");
    completeAs(worker, "sio_start", 3);

    assertThat(h.taskView(runId, "sio_target").output()).isEqualTo(TaskMachine.SKIPPED_OUTPUT);
  }

  @Test
  void aChildOfOnlySkippedParentsIsSkippedAndOneWithARealParentRunsSeeingTheSkippedOutput() {
    String runId = runPastStart(5,
        gated("a", List.of(parent("SKIP", "start", "output.random_number > 0")), "start"),
        gated("b", List.of(parent("SKIP", "start", "output.random_number > 0")), "start"),
        task("onlySkipped", "a", "b"),
        task("mixed", "start", "a"));

    assertThat(h.taskView(runId, "onlySkipped").output()).isEqualTo(TaskMachine.SKIPPED_OUTPUT);
    assertThat(started(worker)).containsExactly("start", "mixed");
    assertThat(Json.parseTrusted(start(worker, "mixed").payload()).get("parents").get("a"))
        .isEqualTo(Json.parseTrusted("{\"skipped\":true}"));
  }

  @Test
  void skipWinsOverQueueWhenBothHoldTogether() {
    // The parent completes: its default QUEUE group and the SKIP override hold at the same time.
    String runId = runPastStart(1,
        gated("target", List.of(parent("SKIP", "start", "output.random_number == 1")), "start"));

    assertThat(started(worker)).containsExactly("start");
    assertThat(h.taskView(runId, "target").output()).isEqualTo(TaskMachine.SKIPPED_OUTPUT);
  }

  @Test
  void aSkippedChainOf5000TasksNeedsNoDeepStack() throws Exception {
    List<TaskSpec> tasks = new ArrayList<>();
    tasks.add(gated("t0", List.of(sleep("SKIP", "1s"))));
    for (int i = 1; i < 5000; i++) {
      tasks.add(task("t" + i, "t" + (i - 1)));
    }
    h.put(workflow("long", tasks));
    String runId = h.trigger("long");

    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        h.advance(Duration.ofSeconds(1));
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "small-stack", 256 * 1024);
    thread.start();
    thread.join();

    assertThat(failure.get()).isNull();
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.taskView(runId, "t4999").output()).isEqualTo(TaskMachine.SKIPPED_OUTPUT);
  }

  // ---------------------------------------------------------------- cancel_if

  @Test
  void cancelIfOnAParentsOutputCancelsTheTaskItsDownstreamAndTheRun() {
    h.put(workflow("wf", List.of(task("start_cancel_if"),
        gated("cancel_if", List.of(parent("CANCEL", "start_cancel_if", "output.random_number > 1")), "start_cancel_if"),
        task("downstream_skip", "cancel_if"))));
    Harness.FakeWorker worker = h.worker(5, "start_cancel_if", "cancel_if", "downstream_skip");
    String runId = h.trigger("wf");
    completeAs(worker, "start_cancel_if", 2);

    assertThat(started(worker)).containsExactly("start_cancel_if");
    assertThat(h.taskView(runId, "cancel_if").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(h.taskView(runId, "downstream_skip").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void cancelIfByEventBySleepAndByOrGroup() {
    String group = UUID.randomUUID().toString();
    h.put(workflow("byEvent", List.of(task("s"),
        gated("t", List.of(sleep("QUEUE", "30s"), event("CANCEL", "cancel_if_event:abort")), "s"), task("d", "t"))));
    h.put(workflow("bySleep", List.of(task("s"),
        gated("t", List.of(event("QUEUE", "cancel_if_sleep:proceed"), sleep("CANCEL", "8s")), "s"), task("d", "t"))));
    h.put(workflow("byOr", List.of(task("s"), gated("t", List.of(event("QUEUE", "cancel_if_or:proceed"),
        event("CANCEL", "cancel_if_or:abort", null, group), sleep("CANCEL", "8s", group)), "s"), task("d", "t"))));
    Harness.FakeWorker worker = h.worker(10, "s", "t", "d");

    String byEvent = h.trigger("byEvent");
    String bySleep = h.trigger("bySleep");
    String byOr = h.trigger("byOr");
    for (WorkerAction a : worker.starts()) {
      worker.complete(a, "{}");
    }
    push("cancel_if_event:abort", "{}");
    assertThat(h.run(byEvent).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(h.run(bySleep).status()).isEqualTo(RunStatus.RUNNING);
    h.advance(Duration.ofSeconds(8));

    for (String runId : List.of(byEvent, bySleep, byOr)) {
      assertThat(h.run(runId).status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(h.taskView(runId, "d").status()).isEqualTo(TaskStatus.CANCELLED);
    }
    assertThat(started(worker)).containsExactly("s", "s", "s");
  }

  @Test
  void aFailedParentCancelsItsChildEvenWithConditions() {
    h.put(workflow("wf", List.of(task("start"), gated("t", List.of(sleep("QUEUE", "5s")), "start"))));
    Harness.FakeWorker worker = h.worker(5, "start", "t");
    String runId = h.trigger("wf");
    worker.fail(start(worker, "start"), "boom");

    assertThat(h.taskView(runId, "t").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void cancellingARunDropsItsWaitingTask() {
    h.put(workflow("wf", List.of(gated("t", List.of(sleep("QUEUE", "5s"))))));
    Harness.FakeWorker worker = h.worker(5, "t");
    String runId = h.trigger("wf");
    h.scheduler.cancel(TENANT, List.of(runId));
    h.advance(Duration.ofSeconds(5));

    assertThat(worker.starts()).isEmpty();
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void aReplayedRunWaitsAgainWithItsSleepCountedFromTheReplay() {
    h.put(workflow("wf", List.of(gated("t", List.of(sleep("QUEUE", "10s"))))));
    worker = h.worker(5, "t");
    String runId = h.trigger("wf");
    h.scheduler.cancel(TENANT, List.of(runId));
    h.settle();
    h.advance(Duration.ofSeconds(5));
    h.scheduler.replay(TENANT, List.of(runId));
    h.settle();

    h.advance(Duration.ofSeconds(9));
    assertThat(worker.starts()).isEmpty();
    h.advance(Duration.ofSeconds(1));
    assertThat(started(worker)).containsExactly("t");
  }

  @Test
  void aWaitingTaskWaitsAgainAfterARestartWithItsSleepCountedFromItsParent() {
    String runId = runPastStart(1, gated("t", List.of(sleep("QUEUE", "10s")), "start"));
    h.advance(Duration.ofSeconds(4));

    // A new engine process on the same store, with its own clock at the same time.
    h.store.tenants().put(TENANT, new TenantRecord(TENANT, TENANT, 0));
    FakeEffects effects = new FakeEffects();
    effects.advance(Duration.ofSeconds(4));
    Scheduler restarted = new Scheduler(h.store, effects, Harness.SETTINGS);
    restarted.load();
    String workerId = restarted.registerWorker(TENANT,
        new WorkerSpec("w2", List.of("wf:t"), Map.of("default", 5), null, Map.of())).id();
    List<WorkerAction> received = new ArrayList<>();
    restarted.openListener(TENANT, workerId, received::add);

    effects.advance(Duration.ofSeconds(5));
    restarted.assignQueued();
    effects.commit();
    assertThat(received).isEmpty();
    effects.advance(Duration.ofSeconds(1));
    restarted.assignQueued();
    effects.commit();
    assertThat(h.store.taskRuns().get(h.taskView(runId, "t").id()).orElseThrow().status())
        .isEqualTo(TaskStatus.ASSIGNED);
    assertThat(received).extracting(WorkerAction::taskName).containsExactly("t");
  }
}
