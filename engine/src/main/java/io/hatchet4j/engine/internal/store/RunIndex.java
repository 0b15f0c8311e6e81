package io.hatchet4j.engine.internal.store;

import static io.hatchet4j.engine.internal.store.KeyIndex.END;
import static io.hatchet4j.engine.internal.store.KeyIndex.hex;

import io.hatchet4j.engine.internal.model.EventRecord;
import io.hatchet4j.engine.internal.model.RunStatus;
import io.hatchet4j.engine.internal.model.TaskRunRecord;
import io.hatchet4j.engine.internal.model.WorkflowRunRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * The store's indexes of workflow runs, their tasks and events, kept in step with the tables by
 * the store itself and committed with them. Listings count and page runs from these in
 * logarithmic time, on any thread, without reading the runs they skip.
 *
 * <p>Not public API. Thread-safe. Every index key ends with {@code <created, 16 hex>/<id>}, so
 * keys of different indexes sort alike, newest last.
 */
public final class RunIndex {
  /** Length of the {@code <created>/<id>} tail of every key. */
  private static final int TAIL = 16 + 1 + 36;

  /** What the indexes know of a run: the fields listings filter on. */
  private record Entry(String tenantId, long createdAtMs, RunStatus status, String workflowId, long updatedAtMs,
      @Nullable String parentTaskRunId) {}

  /** {@code tenant/created/run -> STATUS/workflowId}. */
  private final KeyIndex byTime;
  /** {@code tenant/STATUS/created/run}. */
  private final KeyIndex byStatus;
  /** {@code tenant/workflowId/created/run -> STATUS}. */
  private final KeyIndex byWorkflow;
  /** {@code parentTaskRun/created/run}. */
  private final KeyIndex byParent;
  /** {@code tenant/updated/run}: finished, else started, else created. */
  private final KeyIndex byUpdate;
  /** {@code run/task}. */
  private final KeyIndex tasksByRun;
  /** {@code tenant/created/event}. */
  private final KeyIndex eventsByTime;
  private final Function<String, String> workflowIdOfVersion;
  /** Entries of runs that are not finished, so their updates need not read the old record. */
  private final Map<String, Entry> unfinished = new ConcurrentHashMap<>();

  RunIndex(Function<String, KeyIndex> indexes, Function<String, String> workflowIdOfVersion) {
    this.byTime = indexes.apply("runs_by_time");
    this.byStatus = indexes.apply("runs_by_status");
    this.byWorkflow = indexes.apply("runs_by_workflow");
    this.byParent = indexes.apply("runs_by_parent");
    this.byUpdate = indexes.apply("runs_by_update");
    this.tasksByRun = indexes.apply("tasks_by_run");
    this.eventsByTime = indexes.apply("events_by_time");
    this.workflowIdOfVersion = workflowIdOfVersion;
  }

  boolean isEmpty() {
    return byTime.size() == 0 && tasksByRun.size() == 0 && eventsByTime.size() == 0;
  }

  // ---------------------------------------------------------------- maintenance (writer side)

  /**
   * Updates the run's keys. Unfinished runs are written often; their entries are remembered here,
   * so {@code old} (the stored record) is read only for a new run or a finished one written again.
   */
  void runWritten(WorkflowRunRecord run, Supplier<WorkflowRunRecord> old) {
    Entry before = unfinished.get(run.id());
    if (before == null) {
      WorkflowRunRecord stored = old.get();
      before = stored == null ? null : entry(stored);
    }
    Entry after = entry(run);
    if (after.equals(before)) {
      return;
    }
    // New keys first, then the old ones that changed: a listing on another thread never finds a run
    // missing (its time and parent keys never change; at worst it sees a status change under both).
    List<IndexKey> added = keys(run.id(), after);
    added.forEach(k -> k.index.put(k.key, k.value));
    if (before != null) {
      for (IndexKey stale : keys(run.id(), before)) {
        if (added.stream().noneMatch(k -> k.index == stale.index && k.key.equals(stale.key))) {
          stale.index.remove(stale.key);
        }
      }
    }
    if (after.status.isTerminal()) {
      unfinished.remove(run.id());
    } else {
      unfinished.put(run.id(), after);
    }
  }

  void runRemoved(WorkflowRunRecord run) {
    Entry entry = unfinished.remove(run.id());
    removeKeys(run.id(), entry != null ? entry : entry(run));
  }

  private void removeKeys(String runId, Entry e) {
    keys(runId, e).forEach(k -> k.index.remove(k.key));
  }

  /** One entry of one index. */
  private record IndexKey(KeyIndex index, String key, String value) {}

  /** The index entries of a run as {@code e} describes it. */
  private List<IndexKey> keys(String runId, Entry e) {
    String tail = hex(e.createdAtMs) + '/' + runId;
    List<IndexKey> keys = new ArrayList<>(5);
    keys.add(new IndexKey(byTime, e.tenantId + '/' + tail, e.status.name() + '/' + e.workflowId));
    keys.add(new IndexKey(byStatus, e.tenantId + '/' + e.status.name() + '/' + tail, ""));
    keys.add(new IndexKey(byWorkflow, e.tenantId + '/' + e.workflowId + '/' + tail, e.status.name()));
    if (e.parentTaskRunId != null) {
      keys.add(new IndexKey(byParent, e.parentTaskRunId + '/' + tail, ""));
    }
    keys.add(new IndexKey(byUpdate, e.tenantId + '/' + hex(e.updatedAtMs) + '/' + runId, ""));
    return keys;
  }

  private Entry entry(WorkflowRunRecord run) {
    long updated = run.finishedAtMs() != null ? run.finishedAtMs()
        : run.startedAtMs() != null ? run.startedAtMs() : run.createdAtMs();
    return new Entry(run.tenantId(), run.createdAtMs(), run.status(), workflowIdOfVersion.apply(run.workflowVersionId()),
        updated, run.parentTaskRunId());
  }

  void taskWritten(TaskRunRecord task) {
    tasksByRun.putIfAbsent(task.workflowRunId() + '/' + task.id(), "");
  }

  void taskRemoved(TaskRunRecord task) {
    tasksByRun.remove(task.workflowRunId() + '/' + task.id());
  }

  void eventWritten(EventRecord event) {
    eventsByTime.putIfAbsent(event.tenantId() + '/' + hex(event.createdAtMs()) + '/' + event.id(), "");
  }

  void eventRemoved(EventRecord event) {
    eventsByTime.remove(event.tenantId() + '/' + hex(event.createdAtMs()) + '/' + event.id());
  }

  // ---------------------------------------------------------------- queries

  /**
   * Which runs a listing selects by the indexed fields.
   *
   * @param sinceMs created at or after, or null
   * @param untilMs created at or before, or null
   */
  public record Query(String tenantId, @Nullable Long sinceMs, @Nullable Long untilMs, Set<RunStatus> statuses,
      Set<String> workflowIds) {
    public Query {
      statuses = Set.copyOf(statuses);
      workflowIds = Set.copyOf(workflowIds);
    }
  }

  /** One key range of an index, with a test of its values when the range alone does not decide. */
  private record Range(KeyIndex index, String from, String to, @Nullable Predicate<String> values) {}

  private List<Range> ranges(Query q) {
    String low = hex(q.sinceMs() == null ? 0 : Math.max(0, q.sinceMs()));
    String high = q.untilMs() == null ? END : hex(q.untilMs() + 1);
    List<Range> ranges = new ArrayList<>();
    String t = q.tenantId() + '/';
    if (!q.workflowIds().isEmpty()) {
      Predicate<String> status = q.statuses().isEmpty() ? null
          : value -> q.statuses().stream().anyMatch(s -> s.name().equals(value));
      for (String workflowId : q.workflowIds()) {
        String p = t + workflowId + '/';
        ranges.add(new Range(byWorkflow, p + low, p + high, status));
      }
    } else if (!q.statuses().isEmpty()) {
      for (RunStatus status : q.statuses()) {
        String p = t + status.name() + '/';
        ranges.add(new Range(byStatus, p + low, p + high, null));
      }
    } else {
      ranges.add(new Range(byTime, t + low, t + high, null));
    }
    return ranges;
  }

  /** How many runs the query selects. */
  public long count(Query q) {
    long total = 0;
    for (Range range : ranges(q)) {
      if (range.values == null) {
        total += range.index.count(range.from, range.to);
      } else {
        Iterator<Map.Entry<String, String>> it = range.index.ascending(range.from, range.to);
        while (it.hasNext()) {
          if (range.values.test(it.next().getValue())) {
            total++;
          }
        }
      }
    }
    return total;
  }

  /** Ids of the selected runs, newest first, from {@code offset} on. */
  public List<String> page(Query q, long offset, int limit) {
    List<Range> ranges = ranges(q);
    if (ranges.size() == 1 && ranges.get(0).values == null) {
      Range r = ranges.get(0);
      return ids(r.index.descending(r.from, r.to, offset, limit));
    }
    // Several ranges: merge their newest (offset + limit) keys by creation time.
    List<String> tails = new ArrayList<>();
    int wanted = (int) Math.min(Integer.MAX_VALUE - 1, offset + limit);
    for (Range r : ranges) {
      if (r.values == null) {
        r.index.descending(r.from, r.to, 0, wanted).forEach(e -> tails.add(tail(e.getKey())));
      } else {
        // Filtered by value: walk from the newest end until enough match.
        long skip = 0;
        int found = 0;
        while (found < wanted) {
          List<Map.Entry<String, String>> chunk = r.index.descending(r.from, r.to, skip, 512);
          if (chunk.isEmpty()) {
            break;
          }
          skip += chunk.size();
          for (Map.Entry<String, String> e : chunk) {
            if (r.values.test(e.getValue()) && found < wanted) {
              tails.add(tail(e.getKey()));
              found++;
            }
          }
        }
      }
    }
    tails.sort(Comparator.reverseOrder());
    // Sized by what there is: "every run" callers pass Integer.MAX_VALUE as the limit.
    List<String> page = new ArrayList<>((int) Math.max(0, Math.min(limit, tails.size() - offset)));
    for (long i = offset; i < tails.size() && page.size() < limit; i++) {
      page.add(idOfTail(tails.get((int) i)));
    }
    return page;
  }

  /**
   * Ids of the tenant's runs created in {@code [sinceMs, untilMs]}, newest first, for listings that
   * filter on what the indexes do not hold: the caller reads and tests each.
   */
  public Iterator<String> newestFirst(String tenantId, @Nullable Long sinceMs, @Nullable Long untilMs) {
    String t = tenantId + '/';
    String from = t + hex(sinceMs == null ? 0 : Math.max(0, sinceMs));
    String to = untilMs == null ? t + END : t + hex(untilMs + 1);
    return new Iterator<>() {
      private long skip;
      private Iterator<Map.Entry<String, String>> chunk = List.<Map.Entry<String, String>>of().iterator();

      @Override
      public boolean hasNext() {
        if (!chunk.hasNext()) {
          List<Map.Entry<String, String>> next = byTime.descending(from, to, skip, 512);
          skip += next.size();
          chunk = next.iterator();
        }
        return chunk.hasNext();
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return idOfTail(tail(chunk.next().getKey()));
      }
    };
  }

  /** Runs whose last change (finish, else start, else creation) is at or after {@code sinceMs}, oldest change first. */
  public List<String> updatedSince(String tenantId, long sinceMs, int limit) {
    List<String> ids = new ArrayList<>();
    Iterator<Map.Entry<String, String>> it = byUpdate.ascending(tenantId + '/' + hex(Math.max(0, sinceMs)), tenantId + '/' + END);
    while (it.hasNext() && ids.size() < limit) {
      String key = it.next().getKey();
      ids.add(key.substring(key.lastIndexOf('/') + 1));
    }
    return ids;
  }

  /** The child runs of a task run, oldest first. */
  public List<String> childrenOf(String parentTaskRunId) {
    List<String> ids = new ArrayList<>();
    byParent.withPrefix(parentTaskRunId + '/').forEachRemaining(e -> ids.add(idOfTail(tail(e.getKey()))));
    return ids;
  }

  /** The task runs of a workflow run, in no particular order. */
  public List<String> taskIdsOf(String runId) {
    List<String> ids = new ArrayList<>();
    String prefix = runId + '/';
    tasksByRun.withPrefix(prefix).forEachRemaining(e -> ids.add(e.getKey().substring(prefix.length())));
    return ids;
  }

  /** The tenant's unfinished runs, oldest first. */
  public List<String> unfinishedRuns(String tenantId) {
    List<String> tails = new ArrayList<>();
    for (RunStatus status : RunStatus.values()) {
      if (!status.isTerminal()) {
        byStatus.withPrefix(tenantId + '/' + status.name() + '/').forEachRemaining(e -> tails.add(tail(e.getKey())));
      }
    }
    tails.sort(Comparator.naturalOrder());
    return tails.stream().map(RunIndex::idOfTail).toList();
  }

  /** At most {@code limit} finished runs of the tenant created before {@code cutoffMs}, oldest first. */
  public List<String> finishedBefore(String tenantId, long cutoffMs, int limit) {
    List<String> ids = new ArrayList<>();
    Iterator<Map.Entry<String, String>> it = byTime.ascending(tenantId + '/', tenantId + '/' + hex(Math.max(0, cutoffMs)));
    while (it.hasNext() && ids.size() < limit) {
      Map.Entry<String, String> e = it.next();
      String status = e.getValue().substring(0, e.getValue().indexOf('/'));
      if (RunStatus.valueOf(status).isTerminal()) {
        ids.add(idOfTail(tail(e.getKey())));
      }
    }
    return ids;
  }

  /** At most {@code limit} events of the tenant created before {@code cutoffMs}, oldest first. */
  public List<String> eventsBefore(String tenantId, long cutoffMs, int limit) {
    List<String> ids = new ArrayList<>();
    Iterator<Map.Entry<String, String>> it =
        eventsByTime.ascending(tenantId + '/', tenantId + '/' + hex(Math.max(0, cutoffMs)));
    while (it.hasNext() && ids.size() < limit) {
      ids.add(idOfTail(tail(it.next().getKey())));
    }
    return ids;
  }

  /** The tenant's events created in {@code [sinceMs, untilMs]}, newest first. */
  public Iterator<String> eventsNewestFirst(String tenantId, @Nullable Long sinceMs, @Nullable Long untilMs) {
    String t = tenantId + '/';
    String from = t + hex(sinceMs == null ? 0 : Math.max(0, sinceMs));
    String to = untilMs == null ? t + END : t + hex(untilMs + 1);
    List<String> ids = new ArrayList<>();
    // Events are few next to runs; a listing reads them all in its window.
    eventsByTime.descending(from, to, 0, Integer.MAX_VALUE).forEach(e -> ids.add(idOfTail(tail(e.getKey()))));
    return ids.iterator();
  }

  private static List<String> ids(List<Map.Entry<String, String>> entries) {
    List<String> ids = new ArrayList<>(entries.size());
    entries.forEach(e -> ids.add(idOfTail(tail(e.getKey()))));
    return ids;
  }

  private static String tail(String key) {
    return key.substring(key.length() - TAIL);
  }

  private static String idOfTail(String tail) {
    return tail.substring(17);
  }
}
