package io.hatchet4j.engine.internal.runs;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.model.RateLimitRecord;
import io.hatchet4j.engine.internal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Tenant rate limits as upstream enforces them: fixed windows of units, declared by {@code
 * PutRateLimit} or by the tasks that consume them, and consumed when a task is assigned. Confined
 * to the scheduler thread.
 *
 * <p>A window refills to its limit once it has run its length (less 10 ms, as upstream); units are
 * taken when a task is assigned and not given back when it ends. A task whose keys have too few
 * units left stays queued, and the tasks behind it in its queue are still offered; a pass is asked
 * for when the earliest window it waits on refills. A key nobody declared is never satisfied: the
 * task waits until the key is put or its schedule timeout fails it, as does a task that asks more
 * units than the limit.
 */
final class RateLimits implements AssignmentGate {
  /** Upstream refills a window this much before its end. */
  private static final long REFILL_SLACK_MS = 10;
  /** Upstream parks a rate-limited task until the refill when that is further away than this. */
  private static final long PARK_AFTER_MS = 2_000;

  private final Table<RateLimitRecord> table;
  private final Effects effects;
  private final RateLimitClaims claims = new RateLimitClaims();
  private final Map<String, RateLimitRecord> limits = new HashMap<>();
  /** The refill instants a pass is already asked for, so refused tasks do not arm a timer each. */
  private final Set<Long> wakeUps = new HashSet<>();

  RateLimits(Table<RateLimitRecord> table, Effects effects) {
    this.table = table;
    this.effects = effects;
  }

  /** Loads the stored limits; called once at start. */
  void load() {
    for (RateLimitRecord limit : table.values()) {
      limits.put(RateLimitRecord.tableKey(limit.tenantId(), limit.key()), limit);
    }
  }

  /**
   * Declares or changes a limit: a new key starts full; an existing one takes the new limit and
   * window and keeps what is left of its window, lowered to the new limit if that is below.
   *
   * @throws EngineException INVALID_ARGUMENT for an empty key or an unknown window
   */
  void put(String tenantId, String key, int limit, String window) {
    if (key.isEmpty()) {
      throw EngineException.invalidArgument("key is required");
    }
    windowMs(window);
    upsert(tenantId, key, limit, window);
    effects.requestAssignment();
  }

  /** {@link #put} without asking for a pass: a task's own declaration happens during one. */
  private void upsert(String tenantId, String key, int limit, String window) {
    String tableKey = RateLimitRecord.tableKey(tenantId, key);
    RateLimitRecord old = limits.get(tableKey);
    RateLimitRecord updated = old == null
        ? new RateLimitRecord(tenantId, key, limit, limit, window, effects.nowMs())
        : new RateLimitRecord(tenantId, key, limit, Math.min(old.value(), limit), window, old.lastRefillMs());
    if (!updated.equals(old)) {
      save(tableKey, updated);
    }
  }

  /** The tenant's limits by key, with windows that have run out shown refilled (not changed). */
  List<RateLimitRecord> list(String tenantId) {
    long now = effects.nowMs();
    List<RateLimitRecord> list = new ArrayList<>();
    for (RateLimitRecord limit : limits.values()) {
      if (limit.tenantId().equals(tenantId)) {
        list.add(refilled(limit, now));
      }
    }
    list.sort(Comparator.comparing(RateLimitRecord::key));
    return list;
  }

  // ---------------------------------------------------------------- the gate

  /** Evaluates the task's rate-limit expressions once, when it is created; returns why it fails, if it does. */
  @Override
  @Nullable
  public String prepare(TaskState task) {
    if (task.rateClaims != null) {
      return null;
    }
    try {
      task.rateClaims = claims.of(task);
      return null;
    } catch (RateLimitClaims.EvaluationFailed e) {
      task.rateClaims = List.of();
      return e.getMessage();
    }
  }

  @Override
  public boolean admits(TaskState task) {
    List<RateLimitClaims.Claim> wanted = task.rateClaims;
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    long now = effects.nowMs();
    for (RateLimitClaims.Claim claim : wanted) {
      if (claim.limit() >= 0) {
        declare(task.tenantId(), claim);
      }
      RateLimitRecord limit = current(task.tenantId(), claim.key(), now);
      if (limit == null) {
        task.requeueReason = "Rate limit exceeded for key , attempting to consume 0 units, but only had 0 remaining";
        return false;
      }
      if (limit.value() < claim.units()) {
        task.requeueReason = "Rate limit exceeded for key " + claim.key() + ", attempting to consume " + claim.units()
            + " units, but only had " + limit.value() + " remaining";
        long refill = wakeAtRefill(limit, now);
        // As upstream: a refill more than 2 s away parks the task until then, out of every pass.
        task.parkedUntilMs = refill - now > PARK_AFTER_MS ? refill : 0;
        return false;
      }
    }
    return true;
  }

  @Override
  public void assigned(TaskState task, WorkerState worker) {
    List<RateLimitClaims.Claim> taken = task.rateClaims;
    if (taken == null || taken.isEmpty()) {
      return;
    }
    long now = effects.nowMs();
    for (RateLimitClaims.Claim claim : taken) {
      RateLimitRecord limit = current(task.tenantId(), claim.key(), now);
      if (limit != null) {
        save(RateLimitRecord.tableKey(limit.tenantId(), limit.key()), new RateLimitRecord(limit.tenantId(),
            limit.key(), limit.limitValue(), limit.value() - claim.units(), limit.window(), limit.lastRefillMs()));
      }
    }
  }

  /** A task's own declaration of its key: upstream upserts the limit the task evaluated. */
  private void declare(String tenantId, RateLimitClaims.Claim claim) {
    RateLimitRecord old = limits.get(RateLimitRecord.tableKey(tenantId, claim.key()));
    if (old == null || old.limitValue() != claim.limit() || !old.window().equals(claim.window())) {
      upsert(tenantId, claim.key(), claim.limit(), claim.window());
    }
  }

  /** The limit with its window refilled if it has run out, stored so; null if the key is unknown. */
  @Nullable
  private RateLimitRecord current(String tenantId, String key, long now) {
    String tableKey = RateLimitRecord.tableKey(tenantId, key);
    RateLimitRecord limit = limits.get(tableKey);
    if (limit == null) {
      return null;
    }
    RateLimitRecord refilled = refilled(limit, now);
    if (refilled != limit) {
      save(tableKey, refilled);
    }
    return refilled;
  }

  private static RateLimitRecord refilled(RateLimitRecord limit, long now) {
    if (now - limit.lastRefillMs() >= windowMs(limit.window()) - REFILL_SLACK_MS) {
      return new RateLimitRecord(limit.tenantId(), limit.key(), limit.limitValue(), limit.limitValue(), limit.window(),
          now);
    }
    return limit;
  }

  /** Asks for a pass when the limit's window refills, once per instant; returns that instant. */
  private long wakeAtRefill(RateLimitRecord limit, long now) {
    long at = limit.lastRefillMs() + windowMs(limit.window()) - REFILL_SLACK_MS;
    if (wakeUps.add(at)) {
      effects.schedule(Duration.ofMillis(Math.max(0, at - now)), () -> {
        wakeUps.remove(at);
        effects.requestAssignment();
      });
    }
    return at;
  }

  private void save(String tableKey, RateLimitRecord limit) {
    limits.put(tableKey, limit);
    table.put(tableKey, limit);
  }

  /**
   * The length of a window by name. Upstream compares intervals in Postgres, which counts a month
   * as 30 days and a year as 12 of those.
   *
   * @throws EngineException INVALID_ARGUMENT for a name that is none of the seven
   */
  static long windowMs(String window) {
    return switch (window) {
      case "SECOND" -> 1_000L;
      case "MINUTE" -> 60_000L;
      case "HOUR" -> 3_600_000L;
      case "DAY" -> 86_400_000L;
      case "WEEK" -> 7 * 86_400_000L;
      case "MONTH" -> 30 * 86_400_000L;
      case "YEAR" -> 360 * 86_400_000L;
      default -> throw EngineException.invalidArgument("unknown rate limit duration " + window);
    };
  }

}
