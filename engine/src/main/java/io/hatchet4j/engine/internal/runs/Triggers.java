package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.CronExpression;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.CronRecord;
import io.hatchet4j.engine.internal.model.ScheduleRecord;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs that start by the clock: scheduled runs and cron triggers.
 *
 * <p>Confined to the scheduler thread. Each schedule and cron has one timer; a timer that finds its
 * record changed or gone does nothing, so updates and deletes need not cancel timers. A schedule
 * that fires starts a normal run and is deleted; a schedule that became due while the engine was
 * down fires once at start.
 */
final class Triggers {
  private static final Logger log = LoggerFactory.getLogger(Triggers.class);
  /** How far in the past a schedule may be and still be accepted, for clock skew. */
  static final Duration PAST_TOLERANCE = Duration.ofSeconds(1);
  static final String METHOD_API = "API";
  static final String METHOD_DEFAULT = "DEFAULT";

  private final EngineStore store;
  private final Effects effects;
  private final Catalog catalog;
  /** Starts a run for a tenant and returns its id; throws {@link EngineException} if it cannot. */
  private final BiFunction<String, TriggerSpec, String> start;
  private final Map<String, ScheduleRecord> schedules = new LinkedHashMap<>();
  private final Map<String, CronState> crons = new LinkedHashMap<>();

  private static final class CronState {
    CronRecord record;
    final CronExpression expression;
    /** Bumped on every change, so timers armed before it stand down. */
    long generation;

    CronState(CronRecord record) {
      this.record = record;
      this.expression = CronExpression.parse(record.expression());
    }
  }

  /** What a new cron trigger asks for. */
  record CronSpec(
      String workflowName,
      String name,
      String expression,
      @Nullable String input,
      @Nullable String additionalMetadata,
      @Nullable Integer priority) {}

  Triggers(EngineStore store, Effects effects, Catalog catalog, BiFunction<String, TriggerSpec, String> start) {
    this.store = store;
    this.effects = effects;
    this.catalog = catalog;
    this.start = start;
  }

  /** Arms the stored schedules and crons; overdue schedules fire at once. */
  void load() {
    for (ScheduleRecord schedule : store.schedules().values()) {
      schedules.put(schedule.id(), schedule);
      arm(schedule);
    }
    for (CronRecord cron : store.crons().values()) {
      try {
        CronState state = new CronState(cron);
        crons.put(cron.id(), state);
        arm(state, effects.nowMs());
      } catch (IllegalArgumentException e) {
        log.warn("skipping stored cron trigger {}: {}", cron.id(), e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- schedules

  /**
   * Schedules one run per time. Everything is checked first, so a bad time creates nothing.
   *
   * @throws EngineException NOT_FOUND for an unknown workflow, INVALID_ARGUMENT for a time in the
   *     past or bad input
   */
  List<ScheduleRecord> schedule(String tenantId, ScheduleRequest spec) {
    String method = spec.viaRest() ? METHOD_API : METHOD_DEFAULT;
    WorkflowVersionRecord version = catalog.latest(tenantId, spec.workflowName())
        .orElseThrow(() -> EngineException.notFound("workflow " + spec.workflowName() + " not found"));
    if (spec.triggerAtMs().isEmpty()) {
      throw EngineException.invalidArgument("at least one time to schedule at is required");
    }
    // Upstream accepts a time in the past and fires it at once.
    long now = effects.nowMs();
    String input = Json.requireObject(spec.input(), "input");
    String metadata = Json.requireObject(spec.additionalMetadata(), "additional_metadata");
    checkPriority(spec.priority());
    if (spec.parentTaskRunId() != null) {
      Ids.require(spec.parentTaskRunId(), "parent_task_run_external_id");
    }
    List<ScheduleRecord> created = new ArrayList<>();
    for (long at : spec.triggerAtMs()) {
      ScheduleRecord record = new ScheduleRecord(Ids.newId(), tenantId, version.name(), version.workflowId(), input,
          metadata, spec.priority(), at, method, now, now, spec.parentWorkflowRunId(), spec.parentTaskRunId(),
          spec.childIndex(), spec.childKey());
      schedules.put(record.id(), record);
      store.schedules().put(record.id(), record);
      arm(record);
      created.add(record);
    }
    return created;
  }

  /** The tenant's pending schedules, soonest first. */
  List<ScheduleRecord> schedules(String tenantId) {
    return schedules.values().stream()
        .filter(s -> s.tenantId().equals(tenantId))
        .sorted(Comparator.comparingLong(ScheduleRecord::triggerAtMs).thenComparing(ScheduleRecord::id))
        .toList();
  }

  ScheduleRecord requireSchedule(String tenantId, String id) {
    ScheduleRecord schedule = schedules.get(Ids.require(id, "scheduled run id"));
    if (schedule == null || !schedule.tenantId().equals(tenantId)) {
      throw EngineException.notFound("scheduled run " + id + " not found");
    }
    return schedule;
  }

  ScheduleRecord reschedule(String tenantId, String id, long triggerAtMs) {
    ScheduleRecord schedule = requireSchedule(tenantId, id);
    long now = effects.nowMs();
    if (triggerAtMs < now - PAST_TOLERANCE.toMillis()) {
      throw EngineException.invalidArgument("cannot schedule in the past: " + Instant.ofEpochMilli(triggerAtMs));
    }
    ScheduleRecord updated = schedule.withTriggerAt(triggerAtMs, now);
    schedules.put(updated.id(), updated);
    store.schedules().put(updated.id(), updated);
    arm(updated);
    return updated;
  }

  void deleteSchedule(String tenantId, String id) {
    ScheduleRecord schedule = requireSchedule(tenantId, id);
    schedules.remove(schedule.id());
    store.schedules().remove(schedule.id());
  }

  private void arm(ScheduleRecord schedule) {
    long delay = Math.max(0, schedule.triggerAtMs() - effects.nowMs());
    effects.schedule(Duration.ofMillis(delay), () -> fire(schedule.id(), schedule.triggerAtMs()));
  }

  private void fire(String id, long triggerAtMs) {
    ScheduleRecord schedule = schedules.get(id);
    if (schedule == null || schedule.triggerAtMs() != triggerAtMs) {
      return; // deleted or moved since this timer was armed
    }
    long now = effects.nowMs();
    if (now < triggerAtMs) {
      arm(schedule); // the timer ran early
      return;
    }
    schedules.remove(id);
    store.schedules().remove(id);
    TriggerSpec spec = new TriggerSpec(schedule.workflowName(), schedule.input(), schedule.additionalMetadata(),
        schedule.parentWorkflowRunId(), schedule.parentTaskRunId(), schedule.childIndex(), schedule.childKey(),
        schedule.priority(), null);
    startLogged(schedule.tenantId(), spec, "scheduled run " + id);
  }

  // ---------------------------------------------------------------- crons

  /**
   * Creates a cron trigger over the API.
   *
   * @throws EngineException INVALID_ARGUMENT for a bad expression, input or a name in use
   */
  CronRecord createCron(String tenantId, CronSpec spec) {
    WorkflowVersionRecord version = catalog.latest(tenantId, spec.workflowName())
        .orElseThrow(() -> EngineException.notFound("workflow " + spec.workflowName() + " not found"));
    if (spec.name().isBlank()) {
      throw EngineException.invalidArgument("cronName is required");
    }
    CronExpression expression = parseCron(spec.expression());
    String input = Json.requireObject(spec.input(), "input");
    String metadata = Json.requireObject(spec.additionalMetadata(), "additionalMetadata");
    checkPriority(spec.priority());
    for (CronState other : crons.values()) {
      CronRecord r = other.record;
      if (r.tenantId().equals(tenantId) && r.workflowId().equals(version.workflowId()) && r.name().equals(spec.name())) {
        throw EngineException.alreadyExists(
            "a cron trigger named '" + spec.name() + "' already exists for workflow " + version.name());
      }
    }
    long now = effects.nowMs();
    CronRecord record = new CronRecord(Ids.newId(), tenantId, version.name(), version.workflowId(), spec.name(),
        expression.toString(), input, metadata, spec.priority(), true, METHOD_API, now, now);
    put(record);
    return record;
  }

  /** The tenant's cron triggers, oldest first. */
  List<CronRecord> crons(String tenantId) {
    return crons.values().stream()
        .map(c -> c.record)
        .filter(c -> c.tenantId().equals(tenantId))
        .sorted(Comparator.comparingLong(CronRecord::createdAtMs).thenComparing(CronRecord::id))
        .toList();
  }

  CronRecord requireCron(String tenantId, String id) {
    CronState cron = crons.get(Ids.require(id, "cron trigger id"));
    if (cron == null || !cron.record.tenantId().equals(tenantId)) {
      throw EngineException.notFound("cron trigger " + id + " not found");
    }
    return cron.record;
  }

  void deleteCron(String tenantId, String id) {
    CronRecord cron = requireCron(tenantId, id);
    crons.remove(cron.id());
    store.crons().remove(cron.id());
  }

  /** Stops the crons and pending schedules of a deleted workflow. */
  void removeWorkflow(String tenantId, String workflowId) {
    for (CronState state : new ArrayList<>(crons.values())) {
      if (state.record.tenantId().equals(tenantId) && state.record.workflowId().equals(workflowId)) {
        crons.remove(state.record.id());
        store.crons().remove(state.record.id());
      }
    }
    for (ScheduleRecord schedule : new ArrayList<>(schedules.values())) {
      if (schedule.tenantId().equals(tenantId) && schedule.workflowId().equals(workflowId)) {
        schedules.remove(schedule.id());
        store.schedules().remove(schedule.id());
      }
    }
  }

  /**
   * Makes the crons a workflow declares match its newest registration: new expressions start,
   * dropped ones stop, kept ones keep their id.
   */
  void syncDeclared(WorkflowVersionRecord version) {
    WorkflowSpec spec = version.spec();
    Set<String> declared = new LinkedHashSet<>();
    spec.cronTriggers().forEach(c -> declared.add(c.strip()));
    String input = declared.isEmpty() || spec.cronInput() == null || spec.cronInput().isBlank()
        ? "{}" : Json.requireObject(spec.cronInput(), "cron input");
    long now = effects.nowMs();
    for (CronState state : new ArrayList<>(crons.values())) {
      CronRecord r = state.record;
      if (!r.tenantId().equals(version.tenantId()) || !r.workflowName().equals(version.name())
          || !r.method().equals(METHOD_DEFAULT)) {
        continue;
      }
      if (!declared.remove(r.expression())) {
        crons.remove(r.id());
        store.crons().remove(r.id());
      } else if (!r.input().equals(input) || !r.workflowId().equals(version.workflowId())) {
        put(new CronRecord(r.id(), r.tenantId(), r.workflowName(), version.workflowId(), r.name(), r.expression(), input,
            r.additionalMetadata(), spec.defaultPriority(), r.enabled(), r.method(), r.createdAtMs(), now));
      }
    }
    for (String expression : declared) {
      put(new CronRecord(Ids.newId(), version.tenantId(), version.name(), version.workflowId(), expression, expression,
          input, "{}", spec.defaultPriority(), true, METHOD_DEFAULT, now, now));
    }
  }

  private void put(CronRecord record) {
    CronState state = crons.get(record.id());
    if (state == null) {
      state = new CronState(record);
      crons.put(record.id(), state);
    } else {
      state.record = record;
    }
    state.generation++;
    store.crons().put(record.id(), record);
    arm(state, effects.nowMs());
  }

  private void arm(CronState cron, long afterMs) {
    Instant next = cron.expression.next(Instant.ofEpochMilli(afterMs));
    if (next == null) {
      log.warn("cron trigger {} ({}) never fires", cron.record.id(), cron.record.expression());
      return;
    }
    long generation = cron.generation;
    String id = cron.record.id();
    long at = next.toEpochMilli();
    effects.schedule(Duration.ofMillis(Math.max(0, at - effects.nowMs())), () -> fire(id, generation, at));
  }

  private void fire(String id, long generation, long atMs) {
    CronState cron = crons.get(id);
    if (cron == null || cron.generation != generation) {
      return;
    }
    long now = effects.nowMs();
    if (now < atMs) {
      effects.schedule(Duration.ofMillis(atMs - now), () -> fire(id, generation, atMs));
      return;
    }
    CronRecord r = cron.record;
    if (r.enabled()) {
      TriggerSpec spec = new TriggerSpec(r.workflowName(), r.input(), r.additionalMetadata(), null, null, null, null,
          r.priority(), null);
      startLogged(r.tenantId(), spec, "cron trigger " + r.name());
    }
    // After a stall, skip the missed times rather than fire them all at once.
    arm(cron, Math.max(now, atMs));
  }

  // ---------------------------------------------------------------- helpers

  private void startLogged(String tenantId, TriggerSpec spec, String what) {
    try {
      String runId = start.apply(tenantId, spec);
      log.debug("{} started run {} of {}", what, runId, spec.workflowName());
    } catch (EngineException e) {
      log.warn("{} could not start a run of {}: {}", what, spec.workflowName(), e.getMessage());
    }
  }

  static CronExpression parseCron(String expression) {
    try {
      return CronExpression.parse(expression);
    } catch (IllegalArgumentException e) {
      throw EngineException.invalidArgument("invalid cron expression '" + expression + "': " + e.getMessage());
    }
  }

  private static void checkPriority(@Nullable Integer priority) {
    if (priority != null && (priority < 1 || priority > 3)) {
      throw EngineException.invalidArgument("priority must be between 1 and 3, got " + priority);
    }
  }
}
