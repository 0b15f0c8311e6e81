package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.model.LabelValue;
import io.hatchet4j.engine.internal.model.WorkerRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers' lifecycle: registration, listen streams, heartbeats, labels, pausing, leaving, and the
 * loss of a worker that went silent. Confined to the scheduler thread.
 */
final class WorkerRegistry {
  private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);
  private static final int DEFAULT_SLOTS = 100;

  private final WorkerPool workers;
  private final EngineStore store;
  private final Effects effects;
  private final TaskTimers timers;
  private final TaskMachine machine;

  WorkerRegistry(WorkerPool workers, EngineStore store, Effects effects, TaskTimers timers, TaskMachine machine) {
    this.workers = workers;
    this.store = store;
    this.effects = effects;
    this.timers = timers;
    this.machine = machine;
  }

  /** Adds the stored workers; they count as seen now and get new streams or are lost in time. */
  void load() {
    long now = effects.nowMs();
    for (WorkerRecord record : store.workers().values()) {
      workers.add(new WorkerState(record, now));
    }
  }

  WorkerRecord register(String tenantId, WorkerSpec spec) {
    if (spec.legacySlots() != null && !spec.slotConfig().isEmpty()) {
      throw EngineException.invalidArgument("either slot_config or slots (deprecated) must be provided, not both");
    }
    Map<String, Integer> slots;
    if (!spec.slotConfig().isEmpty()) {
      slots = spec.slotConfig();
    } else if (spec.legacySlots() != null) {
      slots = Map.of("default", spec.legacySlots());
    } else {
      slots = Map.of("default", DEFAULT_SLOTS);
    }
    long now = effects.nowMs();
    WorkerRecord record = new WorkerRecord(Ids.newId(), tenantId, spec.name(), spec.actions(), slots, spec.labels(), now,
        false);
    workers.add(new WorkerState(record, now));
    store.workers().put(record.id(), record);
    log.info("worker {} ({}) registered with {} action(s) and slots {}", record.id(), record.name(),
        record.actions().size(), slots);
    return record;
  }

  /** Opens a listen stream for a worker and returns the session id to close it with. */
  String openListener(String tenantId, String workerId, ActionSink sink) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    String sessionId = Ids.newId();
    worker.sessions.put(sessionId, sink);
    worker.listenerEverOpened = true;
    worker.unsubscribed = false;
    if (worker.dead) {
      worker.dead = false;
      log.info("worker {} is back", worker.id());
    }
    worker.lastSeenMs = effects.nowMs();
    effects.requestAssignment();
    return sessionId;
  }

  void closeListener(String workerId, String sessionId) {
    workers.find(workerId).ifPresent(worker -> {
      if (worker.sessions.remove(sessionId) != null) {
        worker.lastSeenMs = effects.nowMs();
        if (!worker.isConnected()) {
          timers.armLivenessCheck(worker, timers.heartbeatTimeout(), this::lost);
        }
      }
    });
  }

  /** A worker without stream and heartbeat for the heartbeat timeout: its tasks go to others. */
  private void lost(WorkerState worker) {
    worker.dead = true;
    machine.requeueTasksOf(worker,
        "lost (no listen stream and no heartbeat for " + Durations.format(timers.heartbeatTimeout()) + ")");
  }

  void heartbeat(String tenantId, String workerId) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    // Like upstream: once a worker has listened, a heartbeat without a stream tells it to reconnect.
    if (worker.listenerEverOpened && !worker.isConnected()) {
      throw EngineException.failedPrecondition("Heartbeat rejected: worker stream is not active: " + worker.id());
    }
    worker.lastSeenMs = effects.nowMs();
  }

  WorkerRecord unsubscribe(String tenantId, String workerId) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    worker.unsubscribed = true;
    machine.requeueTasksOf(worker, "unsubscribed");
    return worker.record;
  }

  WorkerRecord upsertLabels(String tenantId, String workerId, Map<String, LabelValue> labels) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    Map<String, LabelValue> merged = new HashMap<>(worker.record.labels());
    merged.putAll(labels);
    worker.record = worker.record.withLabels(merged);
    store.workers().put(worker.id(), worker.record);
    // Queued tasks that wanted these labels may go to it now.
    effects.requestAssignment();
    return worker.record;
  }

  /** Pauses a worker (it keeps its tasks, gets no new ones) or resumes it. */
  WorkerView pause(String tenantId, String workerId, boolean paused) {
    WorkerState worker = workers.require(tenantId, Ids.require(workerId, "worker id"));
    if (worker.record.paused() != paused) {
      worker.record = worker.record.withPaused(paused);
      store.workers().put(worker.id(), worker.record);
      log.info("worker {} ({}) {}", worker.id(), worker.record.name(), paused ? "paused" : "resumed");
      if (!paused) {
        effects.requestAssignment();
      }
    }
    return worker.toView();
  }
}
