package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.model.WorkerRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/** The live state of one worker: its listen streams, slots and tasks. Confined to the scheduler thread. */
final class WorkerState {
  WorkerRecord record;
  final Set<String> actions;
  /** Open listen streams by session id, oldest first; actions go to the newest. */
  final Map<String, ActionSink> sessions = new LinkedHashMap<>();
  /** Slot units in use per slot type. */
  final Map<String, Integer> usedSlots = new HashMap<>();
  /** Tasks assigned to or running on this worker. */
  final Set<TaskState> tasks = new LinkedHashSet<>();

  boolean listenerEverOpened;
  boolean unsubscribed;
  boolean dead;
  /** Last time it heartbeated, registered or had a stream open. */
  long lastSeenMs;
  /** Total assignments, to break ties between equally loaded workers in turn. */
  long assignments;

  WorkerState(WorkerRecord record, long nowMs) {
    this.record = record;
    this.actions = Set.copyOf(record.actions());
    this.lastSeenMs = nowMs;
  }

  String id() {
    return record.id();
  }

  boolean isConnected() {
    return !sessions.isEmpty();
  }

  /** Whether new work may go to it: connected, not shutting down, not paused. */
  boolean acceptsWork() {
    return !dead && !unsubscribed && !record.paused() && isConnected();
  }

  @Nullable
  ActionSink newestSession() {
    ActionSink newest = null;
    for (ActionSink sink : sessions.values()) {
      newest = sink;
    }
    return newest;
  }

  boolean hasRoomFor(Map<String, Integer> request) {
    for (Map.Entry<String, Integer> e : request.entrySet()) {
      int capacity = record.slotConfig().getOrDefault(e.getKey(), 0);
      if (capacity - usedSlots.getOrDefault(e.getKey(), 0) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Fraction of the requested slot types in use, 0 when idle. */
  double load(Map<String, Integer> request) {
    double used = 0;
    double capacity = 0;
    for (String type : request.keySet()) {
      used += usedSlots.getOrDefault(type, 0);
      capacity += record.slotConfig().getOrDefault(type, 0);
    }
    return capacity == 0 ? 1 : used / capacity;
  }

  void takeSlots(Map<String, Integer> request) {
    request.forEach((type, units) -> usedSlots.merge(type, units, Integer::sum));
  }

  WorkerView toView() {
    String status = record.paused() ? "PAUSED" : acceptsWork() ? "ACTIVE" : "INACTIVE";
    return new WorkerView(id(), record.tenantId(), record.name(), record.actions(), record.slotConfig(), usedSlots,
        record.labels(), record.registeredAtMs(), lastSeenMs, status, record.paused(), tasks.size());
  }

  void returnSlots(Map<String, Integer> request) {
    request.forEach((type, units) -> usedSlots.merge(type, -units, Integer::sum));
  }
}
