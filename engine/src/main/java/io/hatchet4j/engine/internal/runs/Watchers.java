package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who waits for what: callers waiting for a run to finish, and subscribers to a run's events.
 * Confined to the scheduler thread; callbacks run there after the batch that caused them commits,
 * so they must not block.
 */
final class Watchers {
  private final Effects effects;
  private final Map<String, List<Consumer<RunView>>> finishWatchers = new HashMap<>();
  private final Map<String, List<Consumer<RunEvent>>> eventSubscribers = new HashMap<>();
  private final StreamOrder streamOrder;

  Watchers(Effects effects) {
    this.effects = effects;
    this.streamOrder = new StreamOrder(effects, this::fanOut);
  }

  /** Calls {@code watcher} once when the run is terminal: now if it already is. */
  Runnable watchFinish(RunState run, Consumer<RunView> watcher) {
    if (run.status.isTerminal()) {
      RunView view = run.toView();
      effects.afterCommit(() -> watcher.accept(view));
      return () -> {};
    }
    finishWatchers.computeIfAbsent(run.id, k -> new ArrayList<>()).add(watcher);
    return () -> remove(finishWatchers, run.id, watcher);
  }

  Runnable subscribeEvents(String runId, Consumer<RunEvent> subscriber) {
    eventSubscribers.computeIfAbsent(runId, k -> new ArrayList<>()).add(subscriber);
    return () -> remove(eventSubscribers, runId, subscriber);
  }

  void runFinished(RunState run) {
    List<Consumer<RunView>> watchers = finishWatchers.remove(run.id);
    if (watchers != null) {
      RunView view = run.toView();
      effects.afterCommit(() -> watchers.forEach(w -> w.accept(view)));
    }
  }

  /** Sends a run event to the run's subscribers; stream chunks in index order (see {@link StreamOrder}). */
  void publish(RunEvent event) {
    streamOrder.offer(event);
  }

  private void fanOut(RunEvent event) {
    List<Consumer<RunEvent>> subscribers = event.hangup()
        ? eventSubscribers.remove(event.workflowRunId())
        : eventSubscribers.get(event.workflowRunId());
    if (subscribers != null && !subscribers.isEmpty()) {
      List<Consumer<RunEvent>> targets = List.copyOf(subscribers);
      effects.afterCommit(() -> targets.forEach(s -> s.accept(event)));
    }
  }

  /** The last event of a finished run, which ends its subscriptions. */
  static RunEvent finalEvent(RunState run) {
    RunEvent.Type type = run.status == RunStatus.COMPLETED ? RunEvent.Type.COMPLETED
        : run.status == RunStatus.FAILED ? RunEvent.Type.FAILED
        : RunEvent.Type.CANCELLED;
    long at = run.finishedAtMs == null ? run.createdAtMs : run.finishedAtMs;
    return new RunEvent(run.id, RunEvent.Resource.RUN, type, run.id, at, "", true, null, null, null);
  }

  private static <T> void remove(Map<String, List<T>> map, String key, T value) {
    List<T> list = map.get(key);
    if (list != null && list.remove(value) && list.isEmpty()) {
      map.remove(key);
    }
  }
}
