package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.features.RunDetails;
import io.hatchet4j.features.RunFilter;
import io.hatchet4j.features.TaskSummary;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code hatchet.runs()} and {@link RunRef}'s engine calls, end to end through the embedded engine. */
class RunsClientTest extends EngineTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  record Item(String id) {}

  record Done(String id) {}

  private static Workflow<Item, Done> echo(String name) {
    return Workflow.standalone(Task.builder(name, Item.class, Done.class)
        .setHandler((item, ctx) -> new Done(item.id()))
        .build());
  }

  @Test
  void aListingFetchesItsPagesAsItIsIteratedAndEveryRunAppearsOnce() {
    Workflow<Item, Done> echo = echo("paged");
    started(hatchet, worker("w", 4), echo);
    List<BulkRun<Item>> items = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      items.add(BulkRun.of(new Item("i-" + i)));
    }
    List<RunRef<Done>> refs = hatchet.runManyNoWait(echo, items);
    refs.forEach(ref -> ref.await(WAIT));
    RunFilter pagesOfThree = RunFilter.builder().addWorkflow(echo).setPageSize(3).build();

    List<TaskSummary> all = hatchet.runs().list(pagesOfThree).toList();

    // Seven runs in pages of three: three pages, each run once.
    assertThat(all).extracting(TaskSummary::workflowRunId)
        .containsExactlyInAnyOrderElementsOf(refs.stream().map(RunRef::runId).toList());
    assertThat(all).allSatisfy(row -> {
      assertThat(row.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(row.kind()).isEqualTo(TaskSummary.Kind.TASK);
      assertThat(row.name()).isEqualTo("paged");
      assertThat(row.displayName()).startsWith("paged-");
      assertThat(row.output().as(Done.class).id()).isEqualTo(row.input().as(Item.class).id());
    });
    // A stream stopped early reads only what it needs; what it read is the listing's head.
    assertThat(hatchet.runs().list(pagesOfThree).stream().limit(4).toList())
        .extracting(TaskSummary::id).containsExactlyElementsOf(all.subList(0, 4).stream().map(TaskSummary::id).toList());
    // An iterator asks for the next page only when the rows so far are used up.
    Iterator<TaskSummary> rows = hatchet.runs().list(pagesOfThree).iterator();
    Set<String> seen = new HashSet<>();
    while (rows.hasNext()) {
      assertThat(seen.add(rows.next().id())).isTrue();
    }
    assertThat(seen).hasSize(7);
  }

  @Test
  void listingFiltersByStatusWorkflowAndMetadata() {
    Workflow<Item, Done> echo = echo("kept");
    Workflow<Item, Done> other = echo("other");
    Workflow<Item, Done> failing = Workflow.standalone(Task.builder("failing", Item.class, Done.class)
        .setHandler((item, ctx) -> {
          throw new IllegalStateException("no " + item.id());
        })
        .build());
    started(hatchet, worker("w", 4), echo, other, failing);
    String tagged = hatchet.runNoWait(echo, new Item("a"),
        TriggerOptions.builder().putAdditionalMetadata("team", "blue").build()).runId();
    hatchet.run(echo, new Item("b"));
    hatchet.run(other, new Item("c"));
    RunRef<Done> failed = hatchet.runNoWait(failing, new Item("d"));
    assertThatThrownBy(() -> failed.await(WAIT)).isInstanceOf(RunFailedException.class);
    hatchet.runRef(tagged, echo).await(WAIT);

    assertThat(hatchet.runs().list(RunFilter.builder().addWorkflow(echo).build()).toList()).hasSize(2);
    assertThat(hatchet.runs().list(RunFilter.builder().putAdditionalMetadata("team", "blue").build()).toList())
        .extracting(TaskSummary::workflowRunId).containsExactly(tagged);
    List<TaskSummary> failures = hatchet.runs().list(RunFilter.builder().addStatus(RunStatus.FAILED).build()).toList();
    assertThat(failures).extracting(TaskSummary::workflowRunId).containsExactly(failed.runId());
    assertThat(failures.get(0).error()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("no d");
    assertThat(hatchet.runs().ids(RunFilter.builder().addWorkflow(other).build())).hasSize(1);
  }

  @Test
  void aRunsDetailsStatusAndTasksAreReadBack() {
    Task<Item, Done> first = Task.builder("first", Item.class, Done.class)
        .setHandler((item, ctx) -> new Done(item.id() + "-1"))
        .build();
    Task<Item, Done> second = Task.builder("second", Item.class, Done.class)
        .addParent(first)
        .setHandler((item, ctx) -> new Done(ctx.parentOutput(first).id() + "-2"))
        .build();
    Workflow<Item, WorkflowResult> dag = Workflow.builder("two-steps", Item.class).addTask(second).build();
    started(hatchet, worker("w", 2), dag);
    RunRef<WorkflowResult> ref = hatchet.runNoWait(dag, new Item("x"),
        TriggerOptions.builder().putAdditionalMetadata("source", "test").build());
    ref.await(WAIT);

    RunDetails details = ref.details();

    assertThat(ref.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(details.id()).isEqualTo(ref.runId());
    assertThat(details.isDone()).isTrue();
    assertThat(details.displayName()).isEqualTo("two-steps");
    assertThat(details.input().as(Item.class)).isEqualTo(new Item("x"));
    assertThat(details.additionalMetadata()).containsEntry("source", "test");
    assertThat(details.tasks()).extracting(TaskSummary::name).containsExactly("first", "second");
    assertThat(details.task("second").orElseThrow().output().as(Done.class)).isEqualTo(new Done("x-1-2"));
    TaskSummary task = hatchet.runs().task(details.task("first").orElseThrow().id());
    assertThat(task.workflowRunId()).isEqualTo(ref.runId());
    assertThat(task.output().as(Done.class)).isEqualTo(new Done("x-1"));
    // A listing shows the two-task run as one DAG row with its tasks as children.
    TaskSummary row = hatchet.runs().list().toList().get(0);
    assertThat(row.kind()).isEqualTo(TaskSummary.Kind.DAG);
    assertThat(row.children()).hasSize(2);
    assertThatThrownBy(() -> hatchet.runs().get("00000000-0000-0000-0000-000000000000"))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
  }

  @Test
  void aFailedRunReplayedRunsItsTaskAgainAndCompletes() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Workflow<Item, Done> flaky = Workflow.standalone(Task.builder("flaky-once", Item.class, Done.class)
        .setHandler((item, ctx) -> {
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
          return new Done(item.id());
        })
        .build());
    started(hatchet, worker("w", 2), flaky);
    RunRef<Done> ref = hatchet.runNoWait(flaky, new Item("r"));
    assertThatThrownBy(() -> ref.await(WAIT)).isInstanceOf(RunFailedException.class);
    assertThat(ref.status()).isEqualTo(RunStatus.FAILED);

    List<String> replayed = ref.replay();

    assertThat(replayed).hasSize(1);
    EngineFixture.await("the replayed run to complete", WAIT, () -> ref.status() == RunStatus.COMPLETED);
    assertThat(attempts).hasValue(2);
    assertThat(ref.details().task("flaky-once").orElseThrow().output().as(Done.class)).isEqualTo(new Done("r"));
  }

  @Test
  void failedRunsAreReplayedInBulkByFilter() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Workflow<Item, Done> oddFails = Workflow.standalone(Task.builder("odd-fails", Item.class, Done.class)
        .setHandler((item, ctx) -> {
          if (calls.incrementAndGet() <= 2) {
            throw new IllegalStateException("fails at first");
          }
          return new Done(item.id());
        })
        .build());
    started(hatchet, worker("w", 1), oddFails);
    RunRef<Done> a = hatchet.runNoWait(oddFails, new Item("a"));
    assertThatThrownBy(() -> a.await(WAIT)).isInstanceOf(RunFailedException.class);
    RunRef<Done> b = hatchet.runNoWait(oddFails, new Item("b"));
    assertThatThrownBy(() -> b.await(WAIT)).isInstanceOf(RunFailedException.class);

    List<String> replayed = hatchet.runs().replay(RunFilter.builder().addWorkflow(oddFails).addStatus(RunStatus.FAILED).build());

    assertThat(replayed).hasSize(2);
    EngineFixture.await("both replays to complete", WAIT,
        () -> a.status() == RunStatus.COMPLETED && b.status() == RunStatus.COMPLETED);
    assertThatThrownBy(() -> hatchet.runs().replay(RunFilter.builder().setOnlyTasks(true).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runsAreCancelledThroughTheirReferenceAndInBulkByFilter() throws Exception {
    CountDownLatch started = new CountDownLatch(3);
    Workflow<Item, Done> blocked = Workflow.standalone(Task.builder("blocked", Item.class, Done.class)
        .setHandler((item, ctx) -> {
          started.countDown();
          new CountDownLatch(1).await(); // until cancelled
          return new Done(item.id());
        })
        .build());
    started(hatchet, worker("w", 3), blocked);
    RunRef<Done> one = hatchet.runNoWait(blocked, new Item("one"));
    RunRef<Done> red = hatchet.runNoWait(blocked, new Item("red"),
        TriggerOptions.builder().putAdditionalMetadata("color", "red").build());
    RunRef<Done> blue = hatchet.runNoWait(blocked, new Item("blue"),
        TriggerOptions.builder().putAdditionalMetadata("color", "blue").build());
    assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(one.cancel()).hasSize(1);
    assertThatThrownBy(() -> one.await(WAIT)).isInstanceOf(RunCancelledException.class);
    assertThat(one.status()).isEqualTo(RunStatus.CANCELLED);

    List<String> cancelled = hatchet.runs().cancel(RunFilter.builder().putAdditionalMetadata("color", "red").build());
    assertThat(cancelled).hasSize(1);
    assertThatThrownBy(() -> red.await(WAIT)).isInstanceOf(RunCancelledException.class);
    assertThat(blue.status()).isEqualTo(RunStatus.RUNNING);

    // The older entry points are the same calls.
    assertThat(hatchet.cancel(CancelFilter.since(fixture.clock.now().minusSeconds(60))
        .putAdditionalMetadata("color", "blue").build())).hasSize(1);
    assertThatThrownBy(() -> blue.await(WAIT)).isInstanceOf(RunCancelledException.class);
  }
}
