package io.hatchet4j.engine.internal.runs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hatchet4j.engine.internal.CelExpression;
import io.hatchet4j.engine.internal.CronExpression;
import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.model.EventFilter;
import io.hatchet4j.engine.internal.model.TaskSpec;
import io.hatchet4j.engine.internal.model.WorkflowSpec;
import io.hatchet4j.engine.internal.model.WorkflowVersionRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Registered workflow versions per tenant, and the checks a definition must pass. */
final class Catalog {
  private record Name(String tenantId, String name) {}

  private final Map<String, WorkflowVersionRecord> versionsById = new HashMap<>();
  private final Map<Name, WorkflowVersionRecord> latestByName = new LinkedHashMap<>();

  /** Adds a stored version, keeping the newest per name as the one new runs use. */
  void load(WorkflowVersionRecord version) {
    versionsById.put(version.id(), version);
    latestByName.merge(new Name(version.tenantId(), version.name()), version,
        (a, b) -> a.order() >= b.order() ? a : b);
  }

  /**
   * Adds a stored version of a deleted workflow: runs that used it still find it, but it is not
   * listed, triggered or matched.
   */
  void loadDeleted(WorkflowVersionRecord version) {
    versionsById.put(version.id(), version);
  }

  /** Forgets a deleted workflow's name, so registering the name again makes a new workflow. */
  void forget(WorkflowVersionRecord latest) {
    latestByName.remove(new Name(latest.tenantId(), latest.name()));
  }

  Optional<WorkflowVersionRecord> version(String versionId) {
    return Optional.ofNullable(versionsById.get(versionId));
  }

  Optional<WorkflowVersionRecord> latest(String tenantId, String name) {
    return Optional.ofNullable(latestByName.get(new Name(tenantId, name)));
  }

  /**
   * The newest version of the tenant's workflow with this name, matched exactly or else ignoring
   * case (the TypeScript SDK lower-cases names in REST paths).
   */
  Optional<WorkflowVersionRecord> latestIgnoringCase(String tenantId, String name) {
    Optional<WorkflowVersionRecord> exact = latest(tenantId, name);
    if (exact.isPresent()) {
      return exact;
    }
    return latestByName.values().stream()
        .filter(v -> v.tenantId().equals(tenantId) && v.name().equalsIgnoreCase(name))
        .findFirst();
  }

  /** The newest version of the tenant's workflow with this workflow id. */
  Optional<WorkflowVersionRecord> latestById(String tenantId, String workflowId) {
    return latestByName.values().stream()
        .filter(v -> v.tenantId().equals(tenantId) && v.workflowId().equals(workflowId))
        .findFirst();
  }

  /** The newest version of each of the tenant's workflows, in registration order. */
  List<WorkflowVersionRecord> workflows(String tenantId) {
    return latestByName.values().stream().filter(v -> v.tenantId().equals(tenantId)).toList();
  }

  /** The newest version of every workflow of the tenant that an event with this key triggers. */
  List<WorkflowVersionRecord> triggeredBy(String tenantId, String eventKey) {
    List<WorkflowVersionRecord> matches = new ArrayList<>();
    for (WorkflowVersionRecord v : latestByName.values()) {
      if (v.tenantId().equals(tenantId) && v.spec().eventTriggers().contains(eventKey)) {
        matches.add(v);
      }
    }
    return matches;
  }

  /**
   * Validates a definition and returns the version runs will use: the newest one if it is
   * identical, else a new version. The caller stores a new version and then calls {@link #load}.
   *
   * @throws EngineException INVALID_ARGUMENT naming the first problem found
   */
  WorkflowVersionRecord prepare(String tenantId, WorkflowSpec spec, long nowMs) {
    validate(spec);
    String fingerprint = fingerprint(spec);
    Optional<WorkflowVersionRecord> latest = latest(tenantId, spec.name());
    if (latest.isPresent() && latest.get().fingerprint().equals(fingerprint)) {
      return latest.get();
    }
    Map<String, String> taskIds = new HashMap<>();
    for (TaskSpec task : spec.tasks()) {
      taskIds.put(task.readableId(), Ids.newId());
    }
    if (spec.onFailureTask() != null) {
      taskIds.put(spec.onFailureTask().readableId(), Ids.newId());
    }
    return new WorkflowVersionRecord(
        Ids.newId(),
        latest.map(WorkflowVersionRecord::workflowId).orElseGet(Ids::newId),
        tenantId,
        latest.map(v -> v.order() + 1).orElse(1L),
        nowMs,
        fingerprint,
        spec,
        taskIds);
  }

  private static void validate(WorkflowSpec spec) {
    String workflow = spec.name();
    if (workflow.isBlank()) {
      throw EngineException.invalidArgument("workflow name is required");
    }
    if (spec.tasks().isEmpty()) {
      throw EngineException.invalidArgument("workflow '" + workflow + "' has no tasks");
    }
    if (spec.defaultPriority() != null && (spec.defaultPriority() < 1 || spec.defaultPriority() > 3)) {
      throw EngineException.invalidArgument(
          "workflow '" + workflow + "': default priority must be between 1 and 3, got " + spec.defaultPriority());
    }
    Map<String, TaskSpec> byName = new LinkedHashMap<>();
    for (int i = 0; i < spec.tasks().size(); i++) {
      TaskSpec task = spec.tasks().get(i);
      validateTask(workflow, task, i);
      if (byName.put(task.readableId(), task) != null) {
        throw EngineException.invalidArgument(
            "workflow '" + workflow + "' has two tasks named '" + task.readableId() + "'");
      }
    }
    for (TaskSpec task : byName.values()) {
      for (String parent : task.parents()) {
        if (!byName.containsKey(parent)) {
          throw EngineException.invalidArgument("workflow '" + workflow + "': task '" + task.readableId()
              + "' has unknown parent '" + parent + "'");
        }
      }
    }
    List<String> cycle = findCycle(byName);
    if (!cycle.isEmpty()) {
      throw EngineException.invalidArgument(
          "workflow '" + workflow + "' has a dependency cycle: " + String.join(" -> ", cycle));
    }
    for (String cron : spec.cronTriggers()) {
      try {
        CronExpression.parse(cron);
      } catch (IllegalArgumentException e) {
        throw EngineException.invalidArgument("workflow '" + workflow + "': invalid cron trigger '" + cron + "': "
            + e.getMessage());
      }
    }
    for (EventFilter filter : spec.defaultFilters()) {
      try {
        CelExpression.compile(filter.expression(), CelExpression.EVENT_VARIABLES);
      } catch (EngineException e) {
        throw EngineException.invalidArgument("workflow '" + workflow + "': event filter: " + e.getMessage());
      }
      if (filter.payload() != null && !filter.payload().isBlank()) {
        Json.requireObject(filter.payload(), "workflow '" + workflow + "': payload of event filter '" + filter.expression() + "'");
      }
    }
    // Without cron triggers upstream never reads the cron input.
    if (!spec.cronTriggers().isEmpty() && spec.cronInput() != null && !spec.cronInput().isBlank()) {
      Json.requireObject(spec.cronInput(), "workflow '" + workflow + "': cron input");
    }
    TaskSpec onFailure = spec.onFailureTask();
    if (onFailure != null) {
      validateTask(workflow, onFailure, -1);
      if (byName.containsKey(onFailure.readableId())) {
        throw EngineException.invalidArgument("workflow '" + workflow + "': on-failure task '"
            + onFailure.readableId() + "' has the name of another task");
      }
    }
  }

  private static void validateTask(String workflow, TaskSpec task, int index) {
    String where = "workflow '" + workflow + "': "
        + (index < 0 ? "on-failure task" : "task") + " '" + task.readableId() + "'";
    if (task.readableId().isBlank()) {
      throw EngineException.invalidArgument("workflow '" + workflow + "': "
          + (index < 0 ? "the on-failure task" : "task #" + (index + 1)) + " has no name");
    }
    if (task.actionId().isBlank()) {
      throw EngineException.invalidArgument(where + " has no action id");
    }
    if (task.retries() < 0) {
      throw EngineException.invalidArgument(where + ": retries must not be negative, got " + task.retries());
    }
    if (task.backoffFactor() != null && !(task.backoffFactor() > 0)) {
      throw EngineException.invalidArgument(where + ": backoff factor must be positive, got " + task.backoffFactor());
    }
    if (task.backoffMaxSeconds() != null && task.backoffMaxSeconds() < 1) {
      throw EngineException.invalidArgument(
          where + ": backoff max seconds must be at least 1, got " + task.backoffMaxSeconds());
    }
    if (task.timeout() != null) {
      requirePositive(Durations.parse(task.timeout(), where + " timeout"), where + " timeout");
    }
    if (task.scheduleTimeout() != null) {
      requirePositive(Durations.parse(task.scheduleTimeout(), where + " schedule timeout"), where + " schedule timeout");
    }
    task.slotRequests().forEach((type, units) -> {
      if (units == null || units < 1) {
        throw EngineException.invalidArgument(where + ": slot request '" + type + "' must be at least 1");
      }
    });
  }

  /** Upstream accepts a zero timeout ("0s"). */
  private static void requirePositive(Duration duration, String what) {
    if (duration.isNegative()) {
      throw EngineException.invalidArgument(what + " must not be negative");
    }
  }

  /**
   * Returns one dependency cycle as a path that ends where it starts, or an empty list. A
   * depth-first walk over parents with an explicit stack, so a chain of any length is safe.
   */
  static List<String> findCycle(Map<String, TaskSpec> byName) {
    Set<String> done = new HashSet<>();
    for (String start : byName.keySet()) {
      if (done.contains(start)) {
        continue;
      }
      // The path from start, and for each task on it the index of the next parent to visit.
      List<String> path = new ArrayList<>();
      Map<String, Integer> onPath = new HashMap<>();
      List<Integer> nextParent = new ArrayList<>();
      path.add(start);
      onPath.put(start, 0);
      nextParent.add(0);
      while (!path.isEmpty()) {
        int top = path.size() - 1;
        String task = path.get(top);
        List<String> parents = byName.get(task).parents();
        int i = nextParent.get(top);
        if (i == parents.size()) {
          path.remove(top);
          nextParent.remove(top);
          onPath.remove(task);
          done.add(task);
          continue;
        }
        nextParent.set(top, i + 1);
        String parent = parents.get(i);
        Integer at = onPath.get(parent);
        if (at != null) {
          List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
          cycle.add(parent);
          return cycle;
        }
        if (!done.contains(parent)) {
          onPath.put(parent, path.size());
          path.add(parent);
          nextParent.add(0);
        }
      }
    }
    return List.of();
  }

  private static String fingerprint(WorkflowSpec spec) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(spec).getBytes(UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
