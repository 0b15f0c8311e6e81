package io.hatchet4j.engine.internal.checks;

import static io.hatchet4j.engine.internal.checks.FieldErrors.INVALID_TYPE;
import static io.hatchet4j.engine.internal.checks.FieldErrors.intValue;
import static io.hatchet4j.engine.internal.checks.FieldErrors.stringValue;

import com.google.protobuf.ProtocolMessageEnum;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import io.hatchet4j.proto.v1.BaseMatchCondition;
import io.hatchet4j.proto.v1.Concurrency;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DefaultFilter;
import io.hatchet4j.proto.v1.ParentOverrideMatchCondition;
import io.hatchet4j.proto.v1.SleepMatchCondition;
import io.hatchet4j.proto.v1.TaskBatchConfig;
import io.hatchet4j.proto.v1.UserEventMatchCondition;
import io.hatchet4j.proto.workflows.CreateStepRateLimit;
import io.hatchet4j.proto.workflows.CreateWorkflowJobOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowStepOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowVersionOpts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * What the real engine refuses when a workflow is registered ({@code v1.AdminService/PutWorkflow},
 * the legacy {@code WorkflowService/PutWorkflow}) or a worker registers
 * ({@code Dispatcher/Register}), with its status codes and texts.
 *
 * <p>Upstream checks in three passes, and so do we, in the same order: while converting the request
 * (some of those answers are INVALID_ARGUMENT with a sentence, most are plain errors that reach the
 * client as INTERNAL "An internal error occurred."), then its struct validator (INVALID_ARGUMENT
 * listing every failed field, see {@link FieldErrors}), then its repository (a cycle among the
 * tasks is a plain error, so INTERNAL). Not public API.
 */
public final class RegistrationChecks {
  private static final String ROOT = "CreateWorkflowVersionOpts";
  private static final int DEFAULT_BACKOFF_MAX_SECONDS = 24 * 60 * 60;
  private static final int DEFAULT_BATCH_MAX_INTERVAL_MS = 1000;
  private static final int DEFAULT_BATCH_GROUP_MAX_RUNS = 100;

  private RegistrationChecks() {}

  // ---------------------------------------------------------------- what is checked, in upstream's shape

  /** One condition of a task, as upstream stores it before validating. */
  private record ConditionOpts(@Nullable String sleepDuration, String readableDataKey, String action) {}

  private record ConcurrencyOpts(@Nullable String limitStrategy, String expression) {}

  private record RateLimitOpts(String key, @Nullable String keyExpr, @Nullable String unitsExpr,
      @Nullable String limitExpr) {}

  private record BatchOpts(int maxSize, int maxIntervalMs, int groupMaxRuns) {}

  private record StepOpts(
      String readableId,
      String action,
      @Nullable String timeout,
      @Nullable String scheduleTimeout,
      List<String> parents,
      int retries,
      List<RateLimitOpts> rateLimits,
      @Nullable Double backoffFactor,
      @Nullable Integer backoffMaxSeconds,
      Map<String, Integer> slotRequests,
      List<ConditionOpts> conditions,
      List<ConcurrencyOpts> concurrency,
      @Nullable BatchOpts batch) {}

  private record IdempotencyOpts(String expression, long ttlMs, String method) {}

  private record WorkflowOpts(
      String name,
      List<String> cronTriggers,
      @Nullable String cronInput,
      List<StepOpts> tasks,
      @Nullable StepOpts onFailure,
      List<ConcurrencyOpts> concurrency,
      @Nullable String sticky,
      @Nullable Integer defaultPriority,
      @Nullable IdempotencyOpts idempotency) {}

  // ---------------------------------------------------------------- v1 PutWorkflow

  /**
   * Checks a v1 registration as upstream does.
   *
   * @throws EngineException INVALID_ARGUMENT or INTERNAL with upstream's text
   */
  public static void check(CreateWorkflowVersionRequest request) {
    if (request.getTasksCount() == 0) {
      // An empty repeated field arrives in Go as nil, which the conversion refuses.
      throw Upstream.internal("tasks list cannot be nil");
    }
    List<StepOpts> tasks = steps(request.getTasksList(), true);
    StepOpts onFailure = request.hasOnFailureTask() ? steps(List.of(request.getOnFailureTask()), false).get(0) : null;
    List<ConcurrencyOpts> concurrency = new ArrayList<>();
    if (request.hasConcurrency()) {
      concurrency.add(workflowConcurrency(request.getConcurrency()));
    }
    for (Concurrency c : request.getConcurrencyArrList()) {
      concurrency.add(workflowConcurrency(c));
    }
    for (DefaultFilter filter : request.getDefaultFiltersList()) {
      if (filter.hasPayload() && Json.parseObjectOrNull(filter.getPayload().toStringUtf8()) == null) {
        throw Upstream.internal("default filter payload is not valid JSON");
      }
    }
    IdempotencyOpts idempotency = null;
    if (request.hasIdempotency()) {
      idempotency = new IdempotencyOpts(request.getIdempotency().getExpression(), request.getIdempotency().getTtlMs(),
          request.getIdempotency().hasMethod() ? name(request.getIdempotency().getMethod(),
              request.getIdempotency().getMethodValue()) : "TTL");
    }
    validate(new WorkflowOpts(
        request.getName(),
        request.getCronTriggersList(),
        request.hasCronInput() ? request.getCronInput() : null,
        tasks,
        onFailure,
        concurrency,
        request.hasSticky() ? name(request.getSticky(), request.getStickyValue()) : null,
        request.hasDefaultPriority() ? request.getDefaultPriority() : null,
        idempotency));
  }

  private static ConcurrencyOpts workflowConcurrency(Concurrency c) {
    if (c.getExpression().isEmpty()) {
      throw EngineException.invalidArgument("CEL expression is required for concurrency");
    }
    return concurrency(c);
  }

  private static ConcurrencyOpts concurrency(Concurrency c) {
    String strategy = c.hasLimitStrategy() ? name(c.getLimitStrategy(), c.getLimitStrategyValue()) : null;
    return new ConcurrencyOpts(strategy, c.getExpression());
  }

  /** Upstream's conversion of v1 tasks: required fields, action syntax, condition groups, parents. */
  private static List<StepOpts> steps(List<CreateTaskOpts> tasks, boolean parentsAreArgumentErrors) {
    List<StepOpts> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int j = 0; j < tasks.size(); j++) {
      CreateTaskOpts task = tasks.get(j);
      requireBasics(j, "task", task.getAction(), task.getReadableId());
      names.add(task.getReadableId());
      List<ConditionOpts> conditions = new ArrayList<>();
      if (task.hasConditions()) {
        for (UserEventMatchCondition c : task.getConditions().getUserEventConditionsList()) {
          if (c.hasBase()) {
            requireOrGroup(c.getBase(), "UserEventCondition", task.getReadableId());
            conditions.add(new ConditionOpts(null, c.getBase().getReadableDataKey(), action(c.getBase())));
          }
        }
        for (SleepMatchCondition c : task.getConditions().getSleepConditionsList()) {
          if (c.hasBase()) {
            requireOrGroup(c.getBase(), "SleepCondition", task.getReadableId());
            conditions.add(new ConditionOpts(c.getSleepFor(), c.getBase().getReadableDataKey(), action(c.getBase())));
          }
        }
        for (ParentOverrideMatchCondition c : task.getConditions().getParentOverrideConditionsList()) {
          if (c.hasBase()) {
            requireOrGroup(c.getBase(), "ParentOverrideCondition", task.getReadableId());
            conditions.add(new ConditionOpts(null, c.getParentReadableId(), action(c.getBase())));
          }
        }
      }
      List<ConcurrencyOpts> concurrency = new ArrayList<>();
      for (Concurrency c : task.getConcurrencyList()) {
        if (c.getExpression().isEmpty()) {
          throw EngineException.invalidArgument(
              "CEL expression is required for concurrency (step " + task.getReadableId() + ")");
        }
        concurrency.add(concurrency(c));
      }
      BatchOpts batch = null;
      if (task.hasBatch()) {
        TaskBatchConfig b = task.getBatch();
        batch = new BatchOpts(b.getBatchMaxSize(),
            b.hasBatchMaxIntervalMs() ? b.getBatchMaxIntervalMs() : DEFAULT_BATCH_MAX_INTERVAL_MS,
            b.hasBatchGroupMaxRuns() ? b.getBatchGroupMaxRuns() : DEFAULT_BATCH_GROUP_MAX_RUNS);
      }
      Double factor = task.hasBackoffFactor() ? (double) task.getBackoffFactor() : null;
      steps.add(new StepOpts(
          task.getReadableId(),
          task.getAction(),
          task.getTimeout().isEmpty() ? null : task.getTimeout(),
          task.hasScheduleTimeout() ? task.getScheduleTimeout() : null,
          task.getParentsList(),
          task.getRetries(),
          task.getRateLimitsList().stream().map(r -> new RateLimitOpts(r.getKey(),
              r.hasKeyExpr() ? r.getKeyExpr() : null, r.hasUnitsExpr() ? r.getUnitsExpr() : null,
              r.hasLimitValuesExpr() ? r.getLimitValuesExpr() : null)).toList(),
          factor,
          backoffMax(factor, task.hasBackoffMaxSeconds() ? task.getBackoffMaxSeconds() : null),
          task.getSlotRequestsMap(),
          conditions,
          concurrency,
          batch));
    }
    requireParents(steps, names, parentsAreArgumentErrors);
    return steps;
  }

  private static void requireBasics(int index, String what, String action, String readableId) {
    if (action.isEmpty()) {
      throw Upstream.internal(what + " at index " + index + " is missing required field 'Action'");
    }
    if (readableId.isEmpty()) {
      throw Upstream.internal(what + " at index " + index + " is missing required field 'ReadableId'");
    }
    String actionError = Upstream.actionParseError(action);
    if (actionError != null) {
      throw Upstream.internal(actionError);
    }
  }

  /** Upstream keeps the max only with a factor, and defaults it to a day. */
  @Nullable
  private static Integer backoffMax(@Nullable Double factor, @Nullable Integer max) {
    if (factor == null) {
      return null;
    }
    return max != null ? max : DEFAULT_BACKOFF_MAX_SECONDS;
  }

  private static void requireOrGroup(BaseMatchCondition base, String kind, String step) {
    String group = base.getOrGroupId();
    if (!group.isEmpty()) {
      String error = Upstream.uuidError(group);
      if (error != null) {
        throw Upstream.internal("invalid OrGroupId in " + kind + " for step " + step + ": " + error);
      }
    }
  }

  private static String action(BaseMatchCondition base) {
    return name(base.getAction(), base.getActionValue());
  }

  /** Parents name tasks of the same request; upstream answers INVALID_ARGUMENT only for the main tasks. */
  private static void requireParents(List<StepOpts> steps, Set<String> names, boolean argumentError) {
    for (StepOpts step : steps) {
      for (String parent : step.parents()) {
        if (!names.contains(parent)) {
          String text = "dag parent not found: parent step '" + parent + "' not found for step '" + step.readableId() + "'";
          throw argumentError ? EngineException.invalidArgument(text) : Upstream.internal(text);
        }
      }
    }
  }

  // ---------------------------------------------------------------- legacy PutWorkflow

  /**
   * Checks a legacy (v0) registration as upstream does.
   *
   * @throws EngineException INVALID_ARGUMENT or INTERNAL with upstream's text
   */
  public static void check(CreateWorkflowVersionOpts opts) {
    String scheduleTimeout = opts.hasScheduleTimeout() ? opts.getScheduleTimeout() : null;
    List<CreateWorkflowStepOpts> all = new ArrayList<>();
    for (CreateWorkflowJobOpts job : opts.getJobsList()) {
      all.addAll(job.getStepsList());
    }
    List<StepOpts> tasks = legacySteps(all, scheduleTimeout, true);
    StepOpts onFailure = null;
    if (opts.hasOnFailureJob()) {
      if (opts.getOnFailureJob().getStepsCount() == 0) {
        throw Upstream.internal("steps list cannot be nil");
      }
      onFailure = legacySteps(opts.getOnFailureJob().getStepsList(), scheduleTimeout, false).get(0);
    }
    List<ConcurrencyOpts> concurrency = new ArrayList<>();
    // A concurrency block naming a group-key action is a v0 feature that upstream drops silently.
    if (opts.hasConcurrency() && !opts.getConcurrency().hasAction()) {
      if (!opts.getConcurrency().hasExpression()) {
        throw EngineException.invalidArgument("CEL expression is required for concurrency");
      }
      concurrency.add(new ConcurrencyOpts(opts.getConcurrency().hasLimitStrategy()
          ? name(opts.getConcurrency().getLimitStrategy(), opts.getConcurrency().getLimitStrategyValue()) : null,
          opts.getConcurrency().getExpression()));
    }
    validate(new WorkflowOpts(
        opts.getName(),
        opts.getCronTriggersList(),
        opts.hasCronInput() ? opts.getCronInput() : null,
        tasks,
        onFailure,
        concurrency,
        opts.hasSticky() ? name(opts.getSticky(), opts.getStickyValue()) : null,
        opts.hasDefaultPriority() ? opts.getDefaultPriority() : null,
        null));
  }

  private static List<StepOpts> legacySteps(List<CreateWorkflowStepOpts> list, @Nullable String scheduleTimeout,
      boolean parentsAreArgumentErrors) {
    List<StepOpts> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int j = 0; j < list.size(); j++) {
      CreateWorkflowStepOpts step = list.get(j);
      requireBasics(j, "step", step.getAction(), step.getReadableId());
      names.add(step.getReadableId());
      Double factor = step.hasBackoffFactor() ? (double) step.getBackoffFactor() : null;
      List<RateLimitOpts> rateLimits = new ArrayList<>();
      for (CreateStepRateLimit r : step.getRateLimitsList()) {
        rateLimits.add(new RateLimitOpts(r.getKey(), r.hasKeyExpr() ? r.getKeyExpr() : null,
            r.hasUnitsExpr() ? r.getUnitsExpr() : null, r.hasLimitValuesExpr() ? r.getLimitValuesExpr() : null));
      }
      steps.add(new StepOpts(
          step.getReadableId(),
          step.getAction(),
          step.getTimeout().isEmpty() ? null : step.getTimeout(),
          scheduleTimeout,
          step.getParentsList(),
          step.getRetries(),
          rateLimits,
          factor,
          backoffMax(factor, step.hasBackoffMaxSeconds() ? step.getBackoffMaxSeconds() : null),
          Map.of(),
          List.of(),
          List.of(),
          null));
    }
    requireParents(steps, names, parentsAreArgumentErrors);
    return steps;
  }

  // ---------------------------------------------------------------- the validator pass

  private static void validate(WorkflowOpts w) {
    FieldErrors errors = new FieldErrors();
    if (w.name().isEmpty()) {
      errors.condition(ROOT + ".Name", "required");
    } else if (!Upstream.isName(w.name())) {
      errors.custom(ROOT + ".Name", FieldErrors.HATCHET_NAME);
    }
    for (int i = 0; i < w.cronTriggers().size(); i++) {
      if (!Upstream.isCron(w.cronTriggers().get(i))) {
        errors.custom(ROOT + ".CronTriggers[" + i + "]", FieldErrors.CRON);
      }
    }
    if (w.tasks().isEmpty()) {
      errors.condition(ROOT + ".Tasks", "min", "1", INVALID_TYPE);
    }
    for (int i = 0; i < w.tasks().size(); i++) {
      step(errors, ROOT + ".Tasks[" + i + "]", w.tasks().get(i));
    }
    if (w.onFailure() != null) {
      step(errors, ROOT + ".OnFailure", w.onFailure());
    }
    concurrency(errors, ROOT + ".Concurrency", w.concurrency());
    if (w.sticky() != null && !w.sticky().equals("SOFT") && !w.sticky().equals("HARD")) {
      errors.condition(ROOT + ".Sticky", "oneof", "SOFT HARD", stringValue(w.sticky()));
    }
    // omitempty on a pointer skips a zero value: 0 is accepted (and means "no default").
    if (w.defaultPriority() != null && w.defaultPriority() != 0) {
      range(errors, ROOT + ".DefaultPriority", w.defaultPriority(), 1, 3, INVALID_TYPE);
    }
    if (w.idempotency() != null) {
      IdempotencyOpts idem = w.idempotency();
      String field = ROOT + ".Idempotency";
      if (idem.expression().isEmpty()) {
        errors.condition(field + ".Expression", "required");
      } else if (!CelSyntax.compiles(idem.expression(), CelSyntax.WORKFLOW_RUN)) {
        errors.custom(field + ".Expression", FieldErrors.CEL);
      }
      if (idem.ttlMs() == 0) {
        errors.condition(field + ".TTLMs", "required");
      } else if (idem.ttlMs() < 1) {
        errors.condition(field + ".TTLMs", "min", "1", INVALID_TYPE);
      }
      if (!idem.method().equals("TTL") && !idem.method().equals("STATUS")) {
        errors.condition(field + ".Method", "oneof", "TTL STATUS", INVALID_TYPE);
      }
    }
    if (!errors.isEmpty()) {
      throw EngineException.invalidArgument(errors.text());
    }
    // The input is stored (in a JSONB column) once per cron trigger, so only then can it fail.
    if (!w.cronTriggers().isEmpty() && w.cronInput() != null && !w.cronInput().isEmpty() && !isJson(w.cronInput())) {
      throw Upstream.internal("cron input is not valid JSON and cannot be stored");
    }
    checkGraph(w);
  }

  private static void step(FieldErrors errors, String field, StepOpts s) {
    if (!Upstream.isName(s.readableId())) {
      errors.custom(field + ".ReadableId", FieldErrors.HATCHET_NAME);
    }
    if (!Upstream.isActionId(s.action())) {
      errors.custom(field + ".Action", FieldErrors.ACTION_ID);
    }
    if (s.timeout() != null && !Upstream.isDuration(s.timeout())) {
      errors.custom(field + ".Timeout", FieldErrors.DURATION);
    }
    if (s.scheduleTimeout() != null && !Upstream.isDuration(s.scheduleTimeout())) {
      errors.custom(field + ".ScheduleTimeout", FieldErrors.DURATION);
    }
    for (int i = 0; i < s.parents().size(); i++) {
      if (!Upstream.isName(s.parents().get(i))) {
        errors.custom(field + ".Parents[" + i + "]", FieldErrors.HATCHET_NAME);
      }
    }
    if (s.retries() < 0) {
      errors.condition(field + ".Retries", "min", "0", intValue(s.retries()));
    }
    for (int i = 0; i < s.rateLimits().size(); i++) {
      RateLimitOpts r = s.rateLimits().get(i);
      String at = field + ".RateLimits[" + i + "]";
      if (r.key().isEmpty()) {
        errors.condition(at + ".Key", "required");
      }
      stepExpression(errors, at + ".KeyExpr", r.keyExpr());
      stepExpression(errors, at + ".UnitsExpr", r.unitsExpr());
      stepExpression(errors, at + ".LimitExpr", r.limitExpr());
    }
    if (s.backoffFactor() != null) {
      double f = s.backoffFactor();
      if (f < 1) {
        errors.condition(field + ".RetryBackoffFactor", "min", "1", INVALID_TYPE);
      } else if (f > 1000) {
        errors.condition(field + ".RetryBackoffFactor", "max", "1000", INVALID_TYPE);
      }
    }
    if (s.backoffMaxSeconds() != null) {
      range(errors, field + ".RetryBackoffMaxSeconds", s.backoffMaxSeconds(), 1, 86400,
          intValue(s.backoffMaxSeconds()));
    }
    // Go visits a map in no fixed order; ours is by slot type.
    new TreeMap<>(s.slotRequests()).forEach((type, units) -> {
      if (type.isEmpty()) {
        errors.condition(field + ".SlotRequests[]", "required");
      }
      if (units <= 0) {
        errors.condition(field + ".SlotRequests[" + type + "]", "gt", "0", INVALID_TYPE);
      }
    });
    for (int i = 0; i < s.conditions().size(); i++) {
      ConditionOpts c = s.conditions().get(i);
      String at = field + ".TriggerConditions[" + i + "]";
      if (c.sleepDuration() != null && !c.sleepDuration().isEmpty() && !Upstream.isDuration(c.sleepDuration())) {
        errors.custom(at + ".SleepDuration", FieldErrors.DURATION);
      }
      if (c.readableDataKey().isEmpty()) {
        errors.condition(at + ".ReadableDataKey", "required");
      }
      if (!c.action().equals("QUEUE") && !c.action().equals("CANCEL") && !c.action().equals("SKIP")) {
        errors.condition(at + ".Action", "oneof", "QUEUE CANCEL SKIP", stringValue(c.action()));
      }
    }
    concurrency(errors, field + ".Concurrency", s.concurrency());
    if (s.batch() != null) {
      BatchOpts b = s.batch();
      String at = field + ".BatchConfig";
      if (b.maxSize() == 0) {
        errors.condition(at + ".BatchMaxSize", "required");
      } else {
        range(errors, at + ".BatchMaxSize", b.maxSize(), 1, 100_000, INVALID_TYPE);
      }
      if (b.maxIntervalMs() != 0) {
        range(errors, at + ".BatchMaxInterval", b.maxIntervalMs(), 1, 86_400_000, INVALID_TYPE);
      }
      if (b.groupMaxRuns() != 0) {
        range(errors, at + ".BatchGroupMaxRuns", b.groupMaxRuns(), 1, 10_000, INVALID_TYPE);
      }
    }
  }

  private static void concurrency(FieldErrors errors, String field, List<ConcurrencyOpts> list) {
    for (int i = 0; i < list.size(); i++) {
      ConcurrencyOpts c = list.get(i);
      String at = field + "[" + i + "]";
      String strategy = c.limitStrategy();
      if (strategy != null && !strategy.equals("CANCEL_IN_PROGRESS") && !strategy.equals("GROUP_ROUND_ROBIN")
          && !strategy.equals("CANCEL_NEWEST")) {
        errors.condition(at + ".LimitStrategy", "oneof", "CANCEL_IN_PROGRESS GROUP_ROUND_ROBIN CANCEL_NEWEST",
            stringValue(strategy));
      }
      if (!CelSyntax.compiles(c.expression(), CelSyntax.WORKFLOW_RUN)) {
        errors.custom(at + ".Expression", FieldErrors.CEL);
      }
    }
  }

  private static void stepExpression(FieldErrors errors, String field, @Nullable String expression) {
    if (expression != null && !CelSyntax.compiles(expression, CelSyntax.STEP_RUN)) {
      errors.custom(field, FieldErrors.CEL);
    }
  }

  private static void range(FieldErrors errors, String field, long value, long min, long max, String shown) {
    if (value < min) {
      errors.condition(field, "min", Long.toString(min), shown);
    } else if (value > max) {
      errors.condition(field, "max", Long.toString(max), shown);
    }
  }

  /** Upstream's repository refuses a cycle, or a name used twice, with a plain error: INTERNAL. */
  private static void checkGraph(WorkflowOpts w) {
    Map<String, List<String>> parents = new HashMap<>();
    for (StepOpts s : w.tasks()) {
      if (parents.put(s.readableId(), s.parents()) != null) {
        throw Upstream.internal("cycle detected in workflow steps");
      }
    }
    Map<String, Integer> state = new HashMap<>();
    for (String start : parents.keySet()) {
      if (cyclic(start, parents, state)) {
        throw Upstream.internal("job " + w.name() + " has a cycle");
      }
    }
  }

  private static boolean cyclic(String node, Map<String, List<String>> parents, Map<String, Integer> state) {
    Integer s = state.get(node);
    if (s != null) {
      return s == 1;
    }
    state.put(node, 1);
    for (String p : parents.getOrDefault(node, List.of())) {
      if (cyclic(p, parents, state)) {
        return true;
      }
    }
    state.put(node, 2);
    return false;
  }

  private static boolean isJson(String text) {
    try {
      Json.mapper().readTree(text);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** An enum as Go's protobuf prints it: its name, or its number if this build does not know it. */
  private static String name(ProtocolMessageEnum value, int number) {
    return value.getDescriptorForType().findValueByNumber(number) == null ? Integer.toString(number) : value.toString();
  }

  // ---------------------------------------------------------------- Dispatcher/Register

  /**
   * Checks a worker registration as upstream does before storing it: slot settings given twice,
   * then the validator on the worker's name, services and actions.
   *
   * @throws EngineException INVALID_ARGUMENT with upstream's text
   */
  public static void check(WorkerRegisterRequest request) {
    if (request.hasSlots() && request.getSlotConfigCount() > 0) {
      throw EngineException.invalidArgument("either slot_config or slots (deprecated) must be provided, not both");
    }
    FieldErrors errors = new FieldErrors();
    String root = "CreateWorkerOpts";
    if (request.getWorkerName().isEmpty()) {
      errors.condition(root + ".Name", "required");
    } else if (!Upstream.isName(request.getWorkerName())) {
      errors.custom(root + ".Name", FieldErrors.HATCHET_NAME);
    }
    List<String> services = request.getServicesCount() == 0 ? List.of("default") : request.getServicesList();
    for (int i = 0; i < services.size(); i++) {
      if (!Upstream.isName(services.get(i))) {
        errors.custom(root + ".Services[" + i + "]", FieldErrors.HATCHET_NAME);
      }
    }
    for (int i = 0; i < request.getActionsCount(); i++) {
      if (!Upstream.isActionId(request.getActions(i))) {
        errors.custom(root + ".Actions[" + i + "]", FieldErrors.ACTION_ID);
      }
    }
    if (!errors.isEmpty()) {
      throw EngineException.invalidArgument("Invalid request: " + errors.text());
    }
  }

  /**
   * The worker id of {@code UpsertWorkerLabels}; its labels are not checked (upstream validates the
   * label messages against rules they do not have).
   */
  public static void checkWorkerId(String workerId) {
    if (Upstream.uuidError(workerId) != null) {
      throw EngineException.invalidArgument("invalid worker ID format: " + workerId);
    }
  }
}
