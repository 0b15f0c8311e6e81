package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A scheduler on an in-memory store and {@link FakeEffects}, driven step by step as the loop would
 * drive it: each {@link #settle()} runs the requested assignment pass and the after-commit work.
 */
final class Harness {
  static final String TENANT = "tenant";
  static final EngineSettings SETTINGS =
      new EngineSettings(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofDays(30));

  final FakeEffects effects;
  final EngineStore store;
  final Scheduler scheduler;

  Harness() {
    this(List.of());
  }

  /** A harness whose scheduler's assignment has these gates. */
  Harness(List<AssignmentGate> gates) {
    this(new FakeEffects(), EngineStore.inMemory(), gates);
  }

  private Harness(FakeEffects effects, EngineStore store, List<AssignmentGate> gates) {
    this.effects = effects;
    this.store = store;
    this.scheduler = new Scheduler(store, effects, SETTINGS, RunListener.NONE, gates);
  }

  /** A new scheduler on this one's store and clock that loads what it left, as an engine restart does. */
  Harness restarted() {
    // The scheduler loads the runs of the tenants the store knows.
    store.tenants().put(TENANT, new io.hatchet4j.engine.internal.model.TenantRecord(TENANT, TENANT, effects.nowMs()));
    Harness next = new Harness(effects, store, List.of());
    next.scheduler.load();
    next.settle();
    return next;
  }

  static TaskSpec task(String name, String... parents) {
    return task(name, 0, null, null, parents);
  }

  static TaskSpec task(String name, int retries, @Nullable Double backoffFactor, @Nullable String timeout,
      String... parents) {
    return new TaskSpec(name, "wf:" + name, List.of(parents), retries, backoffFactor, null, timeout, null, false,
        Map.of(), List.of());
  }

  static WorkflowSpec workflow(String name, List<TaskSpec> tasks) {
    return new WorkflowSpec(name, "", "", List.of(), List.of(), null, tasks, null, null, null, List.of(), List.of());
  }

  /** A workflow whose tasks t0 to t(n-1) each depend on the one before. */
  static WorkflowSpec chain(String name, int length) {
    List<TaskSpec> tasks = new ArrayList<>(length);
    tasks.add(task("t0"));
    for (int i = 1; i < length; i++) {
      tasks.add(task("t" + i, "t" + (i - 1)));
    }
    return workflow(name, tasks);
  }

  void put(WorkflowSpec spec) {
    scheduler.putWorkflow(TENANT, spec);
    settle();
  }

  String trigger(String workflow) {
    String id = scheduler.trigger(TENANT, List.of(TriggerSpec.of(workflow, "{}"))).get(0);
    settle();
    return id;
  }

  /** A run as stored: finished runs leave the scheduler's memory, as they do in the engine. */
  RunView run(String runId) {
    return new StoredRuns(store).run(TENANT, runId).orElseThrow();
  }

  /** Every run of the tenant as stored, newest first. */
  List<RunView> runs() {
    return new StoredRuns(store).all(TENANT, RunFilter.ALL);
  }

  TaskView taskView(String runId, String name) {
    return run(runId).tasks().stream().filter(t -> t.readableId().equals(name)).findFirst().orElseThrow();
  }

  /** Runs the assignment pass if one was asked for, then the after-commit work, as the loop does. */
  void settle() {
    while (effects.assignmentRequested) {
      effects.assignmentRequested = false;
      scheduler.assignQueued();
    }
    effects.commit();
  }

  void advance(Duration by) {
    effects.advance(by);
    settle();
  }

  FakeWorker worker(int slots, String... taskNames) {
    List<String> actions = new ArrayList<>();
    for (String name : taskNames) {
      actions.add("wf:" + name);
    }
    String id = scheduler.registerWorker(TENANT, new WorkerSpec("w", actions, Map.of("default", slots), null, Map.of()))
        .id();
    FakeWorker worker = new FakeWorker(this, id);
    worker.session = scheduler.openListener(TENANT, id, worker.received::add);
    settle();
    return worker;
  }

  /** A worker whose actions the test reads and answers. */
  static final class FakeWorker {
    final Harness harness;
    final String id;
    final List<WorkerAction> received = new ArrayList<>();
    String session;

    FakeWorker(Harness harness, String id) {
      this.harness = harness;
      this.id = id;
    }

    List<WorkerAction> starts() {
      return received.stream().filter(a -> a.type() == WorkerAction.Type.START).toList();
    }

    List<WorkerAction> cancels() {
      return received.stream().filter(a -> a.type() == WorkerAction.Type.CANCEL).toList();
    }

    WorkerAction lastStart() {
      List<WorkerAction> starts = starts();
      return starts.get(starts.size() - 1);
    }

    void complete(WorkerAction action, String output) {
      report(action, StepEvent.Type.COMPLETED, output, false);
    }

    void fail(WorkerAction action, String error) {
      report(action, StepEvent.Type.FAILED, error, false);
    }

    void report(WorkerAction action, StepEvent.Type type, String payload, boolean noRetry) {
      harness.scheduler.stepEvent(TENANT,
          new StepEvent(action.taskRunId(), id, type, payload, action.retryCount(), noRetry));
      harness.settle();
    }
  }
}
