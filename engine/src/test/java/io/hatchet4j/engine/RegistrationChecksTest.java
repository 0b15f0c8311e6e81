package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.proto.dispatcher.UpsertWorkerLabelsRequest;
import io.hatchet4j.proto.dispatcher.WorkerLabels;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import io.hatchet4j.proto.v1.Action;
import io.hatchet4j.proto.v1.BaseMatchCondition;
import io.hatchet4j.proto.v1.Concurrency;
import io.hatchet4j.proto.v1.ConcurrencyLimitStrategy;
import io.hatchet4j.proto.v1.CreateTaskOpts;
import io.hatchet4j.proto.v1.CreateTaskRateLimit;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DefaultFilter;
import io.hatchet4j.proto.v1.DesiredWorkerLabels;
import io.hatchet4j.proto.v1.IdempotencyConfig;
import io.hatchet4j.proto.v1.ParentOverrideMatchCondition;
import io.hatchet4j.proto.v1.SleepMatchCondition;
import io.hatchet4j.proto.v1.TaskBatchConfig;
import io.hatchet4j.proto.v1.TaskConditions;
import io.hatchet4j.proto.v1.UserEventMatchCondition;
import io.hatchet4j.proto.workflows.CreateWorkflowJobOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowStepOpts;
import io.hatchet4j.proto.workflows.CreateWorkflowVersionOpts;
import io.hatchet4j.proto.workflows.PutWorkflowRequest;
import io.hatchet4j.proto.workflows.WorkflowConcurrencyOpts;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What the engine refuses at registration, one rule per test: the code and text upstream answers
 * with, and the boundary value it still accepts (see engine/README.md, "What the engine refuses").
 */
class RegistrationChecksTest extends SharedEngineTest {
  private static final String INTERNAL = "An internal error occurred.";
  private static final String ONE = "Validation failed with the following errors:\n0: ";
  private static final String NAME_RULE = "Hatchet names must match the regex ^[a-zA-Z0-9\\.\\-_]+$";
  private static final String DURATION_RULE = "Invalid duration. Durations must be one or more <number><unit> "
      + "components, where unit is one of: 'ms', 's', 'm', 'h'. For example: '10s', '1h30m', '1.5h'";
  private static final AtomicInteger NAMES = new AtomicInteger();

  // ---------------------------------------------------------------- helpers

  /** A fresh workflow name, so each registration is a new workflow. */
  private static String name() {
    return "reg-" + NAMES.incrementAndGet();
  }

  /** A one-task workflow whose task the caller may change. */
  private static CreateWorkflowVersionRequest.Builder workflow(CreateTaskOpts.Builder task) {
    String name = name();
    return CreateWorkflowVersionRequest.newBuilder().setName(name)
        .addTasks(task.setAction(name + ":" + task.getReadableId()));
  }

  private static CreateTaskOpts.Builder step() {
    return CreateTaskOpts.newBuilder().setReadableId("t").setAction("x:t");
  }

  private static void refused(CreateWorkflowVersionRequest.Builder request, Status.Code code, String message) {
    refused(() -> client.admin.putWorkflow(request.build()), code, message);
  }

  /** A refusal with one validator line about the given field. */
  private static void invalid(CreateWorkflowVersionRequest.Builder request, String line) {
    refused(request, Status.Code.INVALID_ARGUMENT, ONE + line + "\n");
  }

  private static void refused(ThrowingCallable call, Status.Code code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).isEqualTo(message);
    });
  }

  private static void accepted(CreateWorkflowVersionRequest.Builder request) {
    assertThat(client.admin.putWorkflow(request.build()).getId()).isNotEmpty();
  }

  private static String task0(String field) {
    return "validation failed on field 'CreateWorkflowVersionOpts.Tasks[0]." + field + "': ";
  }

  // ---------------------------------------------------------------- conversion: INTERNAL

  @Test
  void aWorkflowWithoutTasksIsAnInternalError() {
    refused(CreateWorkflowVersionRequest.newBuilder().setName(name()), Status.Code.INTERNAL, INTERNAL);
    accepted(workflow(step()));
  }

  @Test
  void aTaskWithoutActionIsAnInternalError() {
    refused(workflow(step()).setTasks(0, step().setAction("")), Status.Code.INTERNAL, INTERNAL);
  }

  @Test
  void aTaskWithoutNameIsAnInternalError() {
    CreateWorkflowVersionRequest.Builder request = workflow(step());
    refused(request.setTasks(0, request.getTasks(0).toBuilder().setReadableId("")), Status.Code.INTERNAL, INTERNAL);
  }

  @Test
  void anActionWithoutColonIsAnInternalError() {
    refused(workflow(step()).setTasks(0, step().setAction("nocolon")), Status.Code.INTERNAL, INTERNAL);
    refused(workflow(step()).setTasks(0, step().setAction("a:b:c:d")), Status.Code.INTERNAL, INTERNAL);
    accepted(workflow(step()).setTasks(0, step().setAction("svc:verb:sub")));
  }

  @Test
  void aConditionWithABadOrGroupIsAnInternalError() {
    BaseMatchCondition base = BaseMatchCondition.newBuilder().setReadableDataKey("k").setAction(Action.QUEUE)
        .setOrGroupId("not-a-uuid").build();
    refused(workflow(step().setConditions(TaskConditions.newBuilder().addSleepConditions(
        SleepMatchCondition.newBuilder().setBase(base).setSleepFor("10s")))), Status.Code.INTERNAL, INTERNAL);
    accepted(workflow(step().setConditions(TaskConditions.newBuilder().addSleepConditions(
        SleepMatchCondition.newBuilder().setBase(base.toBuilder().setOrGroupId("8a1f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c"))
            .setSleepFor("10s")))));
  }

  @Test
  void aFilterPayloadThatIsNoJsonObjectIsAnInternalError() {
    refused(workflow(step()).addDefaultFilters(DefaultFilter.newBuilder().setExpression("true").setScope("s")
        .setPayload(ByteString.copyFromUtf8("[1]"))), Status.Code.INTERNAL, INTERNAL);
    accepted(workflow(step()).addDefaultFilters(DefaultFilter.newBuilder().setExpression("true").setScope("s")
        .setPayload(ByteString.copyFromUtf8("{\"a\": 1}"))));
  }

  @Test
  void cronInputThatIsNoJsonIsAnInternalErrorWhenThereAreCrons() {
    refused(workflow(step()).addCronTriggers("0 * * * *").setCronInput("{oops"), Status.Code.INTERNAL, INTERNAL);
    accepted(workflow(step()).addCronTriggers("0 * * * *").setCronInput("{\"a\": 1}"));
    // Upstream stores the input only with each cron trigger.
    accepted(workflow(step()).setCronInput("{oops"));
  }

  // ---------------------------------------------------------------- conversion: INVALID_ARGUMENT

  @Test
  void everyParentMustBeATaskOfTheWorkflow() {
    String name = name();
    refused(CreateWorkflowVersionRequest.newBuilder().setName(name).addTasks(task(name, "a").addParents("ghost")),
        Status.Code.INVALID_ARGUMENT, "dag parent not found: parent step 'ghost' not found for step 'a'");
    accepted(CreateWorkflowVersionRequest.newBuilder().setName(name)
        .addTasks(task(name, "a")).addTasks(task(name, "b").addParents("a")));
  }

  @Test
  void workflowConcurrencyNeedsAnExpression() {
    refused(workflow(step()).setConcurrency(Concurrency.newBuilder().setMaxRuns(2)),
        Status.Code.INVALID_ARGUMENT, "CEL expression is required for concurrency");
    refused(workflow(step()).addConcurrencyArr(Concurrency.newBuilder().setMaxRuns(2)),
        Status.Code.INVALID_ARGUMENT, "CEL expression is required for concurrency");
    accepted(workflow(step()).addConcurrencyArr(Concurrency.newBuilder().setExpression("input.group")));
  }

  @Test
  void taskConcurrencyNeedsAnExpression() {
    refused(workflow(step().addConcurrency(Concurrency.newBuilder().setMaxRuns(2))),
        Status.Code.INVALID_ARGUMENT, "CEL expression is required for concurrency (step t)");
    accepted(workflow(step().addConcurrency(Concurrency.newBuilder().setExpression("'constant'"))));
  }

  // ---------------------------------------------------------------- validator: INVALID_ARGUMENT with field lines

  @Test
  void theWorkflowNameIsRequired() {
    CreateWorkflowVersionRequest.Builder request = workflow(step()).setName("");
    invalid(request, "validation failed on field 'CreateWorkflowVersionOpts.Name': on condition 'required'");
  }

  @Test
  void theWorkflowNameIsAHatchetName() {
    invalid(workflow(step()).setName("my workflow"),
        "validation failed on field 'CreateWorkflowVersionOpts.Name': " + NAME_RULE);
    accepted(workflow(step()).setName("My-workflow.v2_" + name()));
  }

  @Test
  void taskNamesAreHatchetNames() {
    CreateWorkflowVersionRequest.Builder request = workflow(step());
    invalid(request.setTasks(0, request.getTasks(0).toBuilder().setReadableId("step one")), task0("ReadableId") + NAME_RULE);
  }

  @Test
  void actionsNeedAServiceAndAVerb() {
    invalid(workflow(step()).setTasks(0, step().setAction("svc:")),
        task0("Action") + "Invalid action ID. Action IDs must be in the format <integrationId>:<verb>");
    invalid(workflow(step()).setTasks(0, step().setAction(":verb")),
        task0("Action") + "Invalid action ID. Action IDs must be in the format <integrationId>:<verb>");
  }

  @Test
  void timeoutsAreDurationsWithUnits() {
    invalid(workflow(step().setTimeout("10")), task0("Timeout") + DURATION_RULE);
    invalid(workflow(step().setTimeout("1d")), task0("Timeout") + DURATION_RULE);
    invalid(workflow(step().setTimeout("-5s")), task0("Timeout") + DURATION_RULE);
    accepted(workflow(step().setTimeout("1h30m")));
    accepted(workflow(step().setTimeout("1.5s")));
    accepted(workflow(step().setTimeout("0s")));
  }

  @Test
  void scheduleTimeoutsAreDurationsEvenWhenEmpty() {
    invalid(workflow(step().setScheduleTimeout("")), task0("ScheduleTimeout") + DURATION_RULE);
    invalid(workflow(step().setScheduleTimeout("5 minutes")), task0("ScheduleTimeout") + DURATION_RULE);
    accepted(workflow(step().setScheduleTimeout("250ms")));
  }

  @Test
  void retriesAreNotNegative() {
    invalid(workflow(step().setRetries(-1)), task0("Retries") + "on condition 'min' [ 0 ]: got -1");
    accepted(workflow(step().setRetries(0)));
  }

  @Test
  void backoffFactorIsBetween1And1000() {
    invalid(workflow(step().setBackoffFactor(0.5f)), task0("RetryBackoffFactor") + "on condition 'min' [ 1 ]: got invalid type");
    invalid(workflow(step().setBackoffFactor(1000.5f)), task0("RetryBackoffFactor") + "on condition 'max' [ 1000 ]: got invalid type");
    accepted(workflow(step().setBackoffFactor(1f)));
    accepted(workflow(step().setBackoffFactor(1000f)));
  }

  @Test
  void backoffMaxSecondsIsBetween1And86400WhenThereIsAFactor() {
    invalid(workflow(step().setBackoffFactor(2f).setBackoffMaxSeconds(0)),
        task0("RetryBackoffMaxSeconds") + "on condition 'min' [ 1 ]: got 0");
    invalid(workflow(step().setBackoffFactor(2f).setBackoffMaxSeconds(86401)),
        task0("RetryBackoffMaxSeconds") + "on condition 'max' [ 86400 ]: got 86401");
    accepted(workflow(step().setBackoffFactor(2f).setBackoffMaxSeconds(86400)));
    // Without a factor upstream ignores the maximum.
    accepted(workflow(step().setBackoffMaxSeconds(0)));
  }

  @Test
  void defaultPriorityIsBetween1And3OrZero() {
    invalid(workflow(step()).setDefaultPriority(4),
        "validation failed on field 'CreateWorkflowVersionOpts.DefaultPriority': on condition 'max' [ 3 ]: got invalid type");
    invalid(workflow(step()).setDefaultPriority(-1),
        "validation failed on field 'CreateWorkflowVersionOpts.DefaultPriority': on condition 'min' [ 1 ]: got invalid type");
    accepted(workflow(step()).setDefaultPriority(3));
    accepted(workflow(step()).setDefaultPriority(0));
  }

  @Test
  void stickyIsSoftOrHard() {
    invalid(workflow(step()).setStickyValue(7),
        "validation failed on field 'CreateWorkflowVersionOpts.Sticky': on condition 'oneof' [ SOFT HARD ]: got '7'");
    accepted(workflow(step()).setSticky(io.hatchet4j.proto.v1.StickyStrategy.HARD));
  }

  @Test
  void concurrencyExpressionsCompileInTheWorkflowRunEnvironment() {
    invalid(workflow(step()).addConcurrencyArr(Concurrency.newBuilder().setExpression("input.group +")),
        "validation failed on field 'CreateWorkflowVersionOpts.Concurrency[0].Expression': Invalid CEL expression");
    // parents belongs to the step-run environment only.
    invalid(workflow(step().addConcurrency(Concurrency.newBuilder().setExpression("parents.a.key"))),
        task0("Concurrency[0].Expression") + "Invalid CEL expression");
    accepted(workflow(step()).addConcurrencyArr(Concurrency.newBuilder()
        .setExpression("string(input.tenant) + '-' + additional_metadata['region']")));
    accepted(workflow(step()).addConcurrencyArr(Concurrency.newBuilder().setExpression("checksum(workflow_run_id)")));
  }

  @Test
  void legacyConcurrencyStrategiesAreRefused() {
    for (ConcurrencyLimitStrategy legacy : new ConcurrencyLimitStrategy[] {
        ConcurrencyLimitStrategy.DROP_NEWEST, ConcurrencyLimitStrategy.QUEUE_NEWEST}) {
      invalid(workflow(step()).addConcurrencyArr(Concurrency.newBuilder().setExpression("'k'").setLimitStrategy(legacy)),
          "validation failed on field 'CreateWorkflowVersionOpts.Concurrency[0].LimitStrategy': on condition 'oneof' "
              + "[ CANCEL_IN_PROGRESS GROUP_ROUND_ROBIN CANCEL_NEWEST ]: got '" + legacy.name() + "'");
    }
    accepted(workflow(step().addConcurrency(Concurrency.newBuilder().setExpression("'k'")
        .setLimitStrategy(ConcurrencyLimitStrategy.CANCEL_NEWEST))));
  }

  @Test
  void rateLimitsNeedAKey() {
    invalid(workflow(step().addRateLimits(CreateTaskRateLimit.newBuilder().setUnits(1))),
        task0("RateLimits[0].Key") + "on condition 'required'");
    accepted(workflow(step().addRateLimits(CreateTaskRateLimit.newBuilder().setKey("api").setUnits(1))));
  }

  @Test
  void rateLimitExpressionsCompileInTheStepRunEnvironment() {
    invalid(workflow(step().addRateLimits(CreateTaskRateLimit.newBuilder().setKey("k").setKeyExpr("input.user ==="))),
        task0("RateLimits[0].KeyExpr") + "Invalid CEL expression");
    invalid(workflow(step().addRateLimits(CreateTaskRateLimit.newBuilder().setKey("k").setUnitsExpr("unknown_var"))),
        task0("RateLimits[0].UnitsExpr") + "Invalid CEL expression");
    invalid(workflow(step().addRateLimits(CreateTaskRateLimit.newBuilder().setKey("k").setLimitValuesExpr(""))),
        task0("RateLimits[0].LimitExpr") + "Invalid CEL expression");
    accepted(workflow(step().addRateLimits(CreateTaskRateLimit.newBuilder().setKey("k")
        .setKeyExpr("parents.a.user").setUnitsExpr("size(input.items)").setLimitValuesExpr("10"))));
  }

  @Test
  void slotRequestsArePositive() {
    invalid(workflow(step().putSlotRequests("gpu", 0)), task0("SlotRequests[gpu]") + "on condition 'gt' [ 0 ]: got invalid type");
    accepted(workflow(step().putSlotRequests("gpu", 1)));
  }

  @Test
  void conditionActionsAreQueueCancelOrSkip() {
    BaseMatchCondition create = BaseMatchCondition.newBuilder().setReadableDataKey("k").setAction(Action.CREATE).build();
    invalid(workflow(step().setConditions(TaskConditions.newBuilder().addUserEventConditions(
            UserEventMatchCondition.newBuilder().setBase(create).setUserEventKey("e")))),
        task0("TriggerConditions[0].Action") + "on condition 'oneof' [ QUEUE CANCEL SKIP ]: got 'CREATE'");
    accepted(workflow(step().setConditions(TaskConditions.newBuilder().addUserEventConditions(
        UserEventMatchCondition.newBuilder().setBase(create.toBuilder().setAction(Action.SKIP)).setUserEventKey("e")))));
  }

  @Test
  void conditionsNeedAReadableDataKey() {
    BaseMatchCondition keyless = BaseMatchCondition.newBuilder().setAction(Action.QUEUE).build();
    invalid(workflow(step().setConditions(TaskConditions.newBuilder().addSleepConditions(
            SleepMatchCondition.newBuilder().setBase(keyless).setSleepFor("5s")))),
        task0("TriggerConditions[0].ReadableDataKey") + "on condition 'required'");
    // A parent override's key is the parent's name.
    String name = name();
    accepted(CreateWorkflowVersionRequest.newBuilder().setName(name).addTasks(task(name, "a"))
        .addTasks(task(name, "b").addParents("a").setConditions(TaskConditions.newBuilder().addParentOverrideConditions(
            ParentOverrideMatchCondition.newBuilder().setBase(keyless).setParentReadableId("a")))));
  }

  @Test
  void sleepConditionsAreDurations() {
    BaseMatchCondition base = BaseMatchCondition.newBuilder().setReadableDataKey("k").setAction(Action.QUEUE).build();
    invalid(workflow(step().setConditions(TaskConditions.newBuilder().addSleepConditions(
            SleepMatchCondition.newBuilder().setBase(base).setSleepFor("soon")))),
        task0("TriggerConditions[0].SleepDuration") + DURATION_RULE);
    accepted(workflow(step().setConditions(TaskConditions.newBuilder().addSleepConditions(
        SleepMatchCondition.newBuilder().setBase(base).setSleepFor("90s")))));
  }

  @Test
  void batchSettingsAreInRange() {
    invalid(workflow(step().setBatch(TaskBatchConfig.newBuilder())),
        task0("BatchConfig.BatchMaxSize") + "on condition 'required'");
    invalid(workflow(step().setBatch(TaskBatchConfig.newBuilder().setBatchMaxSize(100_001))),
        task0("BatchConfig.BatchMaxSize") + "on condition 'max' [ 100000 ]: got invalid type");
    invalid(workflow(step().setBatch(TaskBatchConfig.newBuilder().setBatchMaxSize(10).setBatchMaxIntervalMs(-1))),
        task0("BatchConfig.BatchMaxInterval") + "on condition 'min' [ 1 ]: got invalid type");
    invalid(workflow(step().setBatch(TaskBatchConfig.newBuilder().setBatchMaxSize(10).setBatchGroupMaxRuns(10_001))),
        task0("BatchConfig.BatchGroupMaxRuns") + "on condition 'max' [ 10000 ]: got invalid type");
    // In range, then refused: this engine does not run batch tasks (it does not run them one by one either).
    refused(workflow(step().setBatch(TaskBatchConfig.newBuilder().setBatchMaxSize(100_000)
        .setBatchMaxIntervalMs(86_400_000).setBatchGroupMaxRuns(10_000))), Status.Code.UNIMPLEMENTED,
        "batch tasks (CreateTaskOpts.batch) is not supported by the hatchet4j engine yet");
  }

  @Test
  void cronTriggersAreFiveOrSixFieldsWithoutMacros() {
    invalid(workflow(step()).addCronTriggers("@daily"),
        "validation failed on field 'CreateWorkflowVersionOpts.CronTriggers[0]': Invalid cron expression");
    invalid(workflow(step()).addCronTriggers("*/5 * * * *").addCronTriggers("every minute"),
        "validation failed on field 'CreateWorkflowVersionOpts.CronTriggers[1]': Invalid cron expression");
    accepted(workflow(step()).addCronTriggers("*/5 * * * *").addCronTriggers("0 */5 * * * *"));
  }

  @Test
  void idempotencyNeedsAnExpressionAndAPositiveTtl() {
    invalid(workflow(step()).setIdempotency(IdempotencyConfig.newBuilder().setExpression("input.id")),
        "validation failed on field 'CreateWorkflowVersionOpts.Idempotency.TTLMs': on condition 'required'");
    invalid(workflow(step()).setIdempotency(IdempotencyConfig.newBuilder().setExpression("input.id )").setTtlMs(1)),
        "validation failed on field 'CreateWorkflowVersionOpts.Idempotency.Expression': Invalid CEL expression");
    // Valid, then refused: this engine does not enforce idempotency keys, and does not ignore them.
    refused(workflow(step()).setIdempotency(IdempotencyConfig.newBuilder().setExpression("input.id").setTtlMs(1)),
        Status.Code.UNIMPLEMENTED,
        "workflow idempotency keys (CreateWorkflowVersionRequest.idempotency) is not supported by the hatchet4j engine yet");
  }

  @Test
  void desiredWorkerLabelsAreNotCheckedAtRegistration() {
    // Upstream declares rules for desired labels but does not apply them.
    accepted(workflow(step().putWorkerLabels("gpu", DesiredWorkerLabels.getDefaultInstance())));
  }

  @Test
  void theOnFailureTaskIsCheckedLikeTheOthers() {
    CreateWorkflowVersionRequest.Builder request = workflow(step());
    String name = request.getName();
    invalid(request.setOnFailureTask(task(name, "on-failure").setRetries(-2)),
        "validation failed on field 'CreateWorkflowVersionOpts.OnFailure.Retries': on condition 'min' [ 0 ]: got -2");
  }

  @Test
  void everyFailedFieldIsListedInOrder() {
    refused(workflow(step().setRetries(-1).setTimeout("x")).setName("bad name").setDefaultPriority(9),
        Status.Code.INVALID_ARGUMENT, "Validation failed with the following errors:\n"
            + "0: validation failed on field 'CreateWorkflowVersionOpts.Name': " + NAME_RULE + "\n"
            + "1: " + task0("Timeout") + DURATION_RULE + "\n"
            + "2: " + task0("Retries") + "on condition 'min' [ 0 ]: got -1\n"
            + "3: validation failed on field 'CreateWorkflowVersionOpts.DefaultPriority': on condition 'max' [ 3 ]: got invalid type\n");
  }

  // ---------------------------------------------------------------- repository: INTERNAL

  @Test
  void twoTasksWithOneNameAreAnInternalError() {
    String name = name();
    refused(CreateWorkflowVersionRequest.newBuilder().setName(name).addTasks(task(name, "a")).addTasks(task(name, "a")),
        Status.Code.INTERNAL, INTERNAL);
  }

  @Test
  void aDependencyCycleIsAnInternalError() {
    String name = name();
    refused(CreateWorkflowVersionRequest.newBuilder().setName(name)
        .addTasks(task(name, "a").addParents("b")).addTasks(task(name, "b").addParents("a")), Status.Code.INTERNAL, INTERNAL);
  }

  // ---------------------------------------------------------------- legacy PutWorkflow

  private static PutWorkflowRequest legacy(CreateWorkflowVersionOpts.Builder opts) {
    return PutWorkflowRequest.newBuilder().setOpts(opts).build();
  }

  private static CreateWorkflowVersionOpts.Builder legacyWorkflow() {
    String name = name();
    return CreateWorkflowVersionOpts.newBuilder().setName(name).addJobs(CreateWorkflowJobOpts.newBuilder().setName("job")
        .addSteps(CreateWorkflowStepOpts.newBuilder().setReadableId("s").setAction(name + ":s")));
  }

  @Test
  void legacyWorkflowsNeedAStep() {
    refused(() -> client.workflows.putWorkflow(legacy(CreateWorkflowVersionOpts.newBuilder().setName(name()))),
        Status.Code.INVALID_ARGUMENT,
        ONE + "validation failed on field 'CreateWorkflowVersionOpts.Tasks': on condition 'min' [ 1 ]: got invalid type\n");
    assertThat(client.workflows.putWorkflow(legacy(legacyWorkflow())).getId()).isNotEmpty();
  }

  @Test
  void legacyConcurrencyNeedsAnExpressionUnlessItNamesAnAction() {
    refused(() -> client.workflows.putWorkflow(legacy(legacyWorkflow().setConcurrency(WorkflowConcurrencyOpts.newBuilder()
        .setMaxRuns(1)))), Status.Code.INVALID_ARGUMENT, "CEL expression is required for concurrency");
    // A group-key action is a v0 feature upstream drops without a word.
    assertThat(client.workflows.putWorkflow(legacy(legacyWorkflow().setConcurrency(WorkflowConcurrencyOpts.newBuilder()
        .setAction("wf:group")))).getId()).isNotEmpty();
  }

  @Test
  void legacyScheduleTimeoutAppliesToEveryStep() {
    refused(() -> client.workflows.putWorkflow(legacy(legacyWorkflow().setScheduleTimeout("5 min"))),
        Status.Code.INVALID_ARGUMENT,
        ONE + "validation failed on field 'CreateWorkflowVersionOpts.Tasks[0].ScheduleTimeout': " + DURATION_RULE + "\n");
  }

  @Test
  void legacyParentsMustExist() {
    CreateWorkflowVersionOpts.Builder opts = legacyWorkflow();
    opts.getJobsBuilder(0).getStepsBuilder(0).addParents("ghost");
    refused(() -> client.workflows.putWorkflow(legacy(opts)), Status.Code.INVALID_ARGUMENT,
        "dag parent not found: parent step 'ghost' not found for step 's'");
  }

  // ---------------------------------------------------------------- Dispatcher/Register

  private static WorkerRegisterRequest.Builder worker() {
    return WorkerRegisterRequest.newBuilder().setWorkerName("w").addActions("svc:verb");
  }

  private static void refusedWorker(WorkerRegisterRequest.Builder request, String line) {
    refused(() -> client.dispatcher.register(request.build()), Status.Code.INVALID_ARGUMENT,
        "Invalid request: " + ONE + line + "\n");
  }

  @Test
  void workerNamesAreRequiredHatchetNames() {
    refusedWorker(worker().setWorkerName(""), "validation failed on field 'CreateWorkerOpts.Name': on condition 'required'");
    refusedWorker(worker().setWorkerName("my worker"), "validation failed on field 'CreateWorkerOpts.Name': " + NAME_RULE);
    assertThat(client.dispatcher.register(worker().setWorkerName("worker-1.a_b").build()).getWorkerId()).isNotEmpty();
  }

  @Test
  void workerActionsAreActionIds() {
    refusedWorker(worker().addActions("nocolon"), "validation failed on field 'CreateWorkerOpts.Actions[1]': "
        + "Invalid action ID. Action IDs must be in the format <integrationId>:<verb>");
    assertThat(client.dispatcher.register(worker().addActions("svc:verb:sub").build()).getWorkerId()).isNotEmpty();
  }

  @Test
  void workerServicesAreHatchetNames() {
    refusedWorker(worker().addServices("my service"), "validation failed on field 'CreateWorkerOpts.Services[0]': " + NAME_RULE);
    assertThat(client.dispatcher.register(worker().addServices("svc").build()).getWorkerId()).isNotEmpty();
  }

  @Test
  void slotsAreGivenOneWayOnly() {
    refused(() -> client.dispatcher.register(worker().setSlots(3).putSlotConfig("default", 3).build()),
        Status.Code.INVALID_ARGUMENT, "either slot_config or slots (deprecated) must be provided, not both");
    assertThat(client.dispatcher.register(worker().putSlotConfig("default", 3).build()).getWorkerId()).isNotEmpty();
  }

  @Test
  void workerLabelsAndSlotCountsAreNotChecked() {
    // Upstream stores labels with no value and negative slot counts as given.
    assertThat(client.dispatcher.register(worker().putLabels("empty", WorkerLabels.getDefaultInstance())
        .putSlotConfig("default", -1).build()).getWorkerId()).isNotEmpty();
  }

  @Test
  void upsertingLabelsNeedsAWorkerIdAndAnyLabelGoes() {
    refused(() -> client.dispatcher.upsertWorkerLabels(UpsertWorkerLabelsRequest.newBuilder().setWorkerId("w-1").build()),
        Status.Code.INVALID_ARGUMENT, "invalid worker ID format: w-1");
    String unknown = java.util.UUID.randomUUID().toString();
    refused(() -> client.dispatcher.upsertWorkerLabels(UpsertWorkerLabelsRequest.newBuilder().setWorkerId(unknown).build()),
        Status.Code.NOT_FOUND, "worker not found: " + unknown);
    String id = client.dispatcher.register(worker().build()).getWorkerId();
    assertThat(client.dispatcher.upsertWorkerLabels(UpsertWorkerLabelsRequest.newBuilder().setWorkerId(id)
        .putLabels("empty", WorkerLabels.getDefaultInstance()).build()).getWorkerId()).isEqualTo(id);
  }
}
