package io.hatchet4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.BulkRun;
import io.hatchet4j.DesiredWorkerLabel;
import io.hatchet4j.EngineException;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.HatchetException;
import io.hatchet4j.RunCancelledException;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;
import io.hatchet4j.proto.dispatcher.StepRunResult;
import io.hatchet4j.proto.dispatcher.WorkflowRunEvent;
import io.hatchet4j.proto.v1.DesiredWorkerLabels;
import io.hatchet4j.proto.v1.GetRunDetailsRequest;
import io.hatchet4j.proto.v1.WorkerLabelComparator;
import io.hatchet4j.proto.v1.RunStatus;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import io.hatchet4j.proto.workflows.BulkTriggerWorkflowRequest;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * What a client shares with its workers: the connection, the JSON mapper, the interceptors, the
 * run listener and the threads for callbacks and timers. Not public API.
 */
public final class ClientRuntime {
  /** The most runs one bulk call carries; larger bulks are split, as the official SDKs do. */
  public static final int MAX_BULK_SIZE = 1000;

  private final Connection connection;
  private final ObjectMapper mapper;
  private final Interceptors interceptors;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService callbacks;
  private final RunListener runListener;
  private final RestClient rest;
  private final RestRuns runs;
  private final Retrier retrier;
  private volatile EngineVersion engineVersion;

  public ClientRuntime(HatchetConfig config, ObjectMapper mapper, List<HatchetInterceptor> interceptors) {
    this.connection = new Connection(config);
    this.retrier = new Retrier(config.retryPolicy(), connection.channel(), config.hostPort(), this::describeEngineVersion);
    this.mapper = mapper;
    this.interceptors = new Interceptors(interceptors);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hatchet-timer"));
    this.callbacks = Executors.newCachedThreadPool(DaemonThreads.named("hatchet-client"));
    this.runListener = new RunListener(connection, scheduler);
    this.rest = new RestClient(config);
    this.runs = new RestRuns(this);
    interceptors.forEach(interceptor -> interceptor.onClientStart(config));
  }

  public Connection connection() {
    return connection;
  }

  public HatchetConfig config() {
    return connection.config();
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public Interceptors interceptors() {
    return interceptors;
  }

  RestClient rest() {
    return rest;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The engine's version as last read, for messages; read once (without retries) if never read. */
  private String describeEngineVersion() {
    EngineVersion version = engineVersion;
    if (version == null) {
      try {
        version = EngineVersion.of(
            connection.dispatcherBlocking().withDeadlineAfter(5, TimeUnit.SECONDS)
                .getVersion(GetVersionRequest.getDefaultInstance()).getVersion());
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.UNIMPLEMENTED) {
          return null;
        }
        version = EngineVersion.of(null);
      }
      engineVersion = version;
    }
    return version.describe();
  }

  /** Reads the engine's version now, retrying while the engine is unreachable, and remembers it. */
  public EngineVersion readEngineVersion() throws Exception {
    EngineVersion version = EngineVersion.fetch(this);
    engineVersion = version;
    return version;
  }

  /** Retries of calls the engine did not answer, as the client's {@link io.hatchet4j.RetryPolicy} says. */
  public Retrier retrier() {
    return retrier;
  }

  /**
   * The trigger for one run of {@code workflow}, before interceptors see it; a child of the task
   * running on this thread, if any.
   */
  public WorkflowTrigger newTrigger(Workflow<?, ?> workflow, Object input, TriggerOptions options) {
    return newTrigger(workflow, input, options, CurrentTask.get().orElse(null));
  }

  /** Starts runs of {@code workflow} in bulk; children of {@code parent} unless it is null. */
  public <I, O> List<RunRef<O>> runAll(Workflow<I, O> workflow, List<BulkRun<I>> runs, RealTaskContext parent) {
    List<WorkflowTrigger> triggers = new ArrayList<>(runs.size());
    for (BulkRun<I> run : runs) {
      triggers.add(newTrigger(workflow, run.input(), run.options(), parent));
    }
    List<String> ids = triggerAll(triggers);
    if (ids.size() != triggers.size()) {
      throw new EngineException(
          "INTERNAL", "the engine returned " + ids.size() + " run ids for " + triggers.size() + " runs", null);
    }
    List<RunRef<O>> refs = new ArrayList<>(ids.size());
    for (String id : ids) {
      refs.add(runRef(id, workflow));
    }
    return refs;
  }

  /** Starts runs of {@code workflow} in bulk; children of the task on this thread, if any. */
  public <I, O> List<RunRef<O>> runAll(Workflow<I, O> workflow, List<BulkRun<I>> runs) {
    return runAll(workflow, runs, CurrentTask.get().orElse(null));
  }

  WorkflowTrigger newTrigger(Workflow<?, ?> workflow, Object input, TriggerOptions options, RealTaskContext parent) {
    String inputText;
    try {
      inputText = Json.text(Json.toObject(mapper, input, "workflow input"));
    } catch (IllegalArgumentException e) {
      throw new HatchetException("cannot run " + workflow.name() + ": " + e.getMessage(), e);
    }
    Integer priority = options.priority().map(p -> p.value()).orElse(null);
    WorkflowTrigger trigger =
        new WorkflowTrigger(
            config().applyNamespace(workflow.name()),
            inputText,
            options.additionalMetadata(),
            priority,
            null,
            null,
            null,
            options.key().orElse(null),
            options.desiredWorkerLabels());
    if (parent == null) {
      return trigger;
    }
    WorkflowTrigger child = parent.asChild(trigger);
    // As the official SDKs: a sticky child asks for the worker running its parent task.
    return options.sticky() ? child.withDesiredWorkerId(parent.workerId()) : child;
  }

  /** Starts one run through the interceptors; returns its id. */
  public String trigger(WorkflowTrigger trigger) {
    return call(
        "triggering workflow " + trigger.workflowName(),
        () -> interceptors.invoke(HatchetInterceptor::runWorkflow, this::sendTrigger, trigger));
  }

  /** Starts many runs through the interceptors; returns their ids in order. */
  public List<String> triggerAll(List<WorkflowTrigger> triggers) {
    if (triggers.isEmpty()) {
      return List.of();
    }
    return call(
        "bulk triggering " + triggers.size() + " workflow runs",
        () -> interceptors.invoke(HatchetInterceptor::runWorkflows, this::sendBulkTrigger, triggers));
  }

  private String sendTrigger(WorkflowTrigger trigger) throws Exception {
    TriggerWorkflowRequest request = toProto(trigger);
    return retrier.call(
        "triggering workflow " + trigger.workflowName(),
        replay(List.of(trigger)),
        () -> connection.workflows().triggerWorkflow(request).getWorkflowRunId(),
        IdempotencyCollision::existingRunId);
  }

  /**
   * Whether triggers may be sent again after a failure that leaves open whether the engine got
   * them. A child run is deduplicated by the engine on its parent task and child index or key, so a
   * repeated trigger returns the run the first created. A top-level run is not: a keyed one, whose
   * key says it must not run twice, is only sent again when the first attempt never reached the
   * engine; an unkeyed one is sent again, as the official SDKs do.
   */
  static Retrier.Replay replay(List<WorkflowTrigger> triggers) {
    for (WorkflowTrigger trigger : triggers) {
      if (trigger.parentTaskRunId() == null && trigger.childKey() != null) {
        return Retrier.Replay.IF_NOT_SENT;
      }
    }
    return Retrier.Replay.ALWAYS;
  }

  private List<String> sendBulkTrigger(List<WorkflowTrigger> triggers) throws Exception {
    List<String> ids = new ArrayList<>(triggers.size());
    for (int start = 0; start < triggers.size(); start += MAX_BULK_SIZE) {
      List<WorkflowTrigger> chunk = triggers.subList(start, Math.min(triggers.size(), start + MAX_BULK_SIZE));
      BulkTriggerWorkflowRequest.Builder request = BulkTriggerWorkflowRequest.newBuilder();
      for (WorkflowTrigger trigger : chunk) {
        request.addWorkflows(toProto(trigger));
      }
      BulkTriggerWorkflowRequest built = request.build();
      // Each chunk is retried alone: chunks the engine accepted are not sent again.
      ids.addAll(
          retrier.call(
              "bulk triggering " + chunk.size() + " workflow runs",
              replay(chunk),
              () -> connection.workflows().bulkTriggerWorkflow(built).getWorkflowRunIdsList()));
    }
    return ids;
  }

  static TriggerWorkflowRequest toProto(WorkflowTrigger trigger) {
    TriggerWorkflowRequest.Builder proto =
        TriggerWorkflowRequest.newBuilder()
            .setName(trigger.workflowName())
            .setInput(trigger.input())
            .setAdditionalMetadata(Json.metadataText(trigger.additionalMetadata()));
    if (trigger.priority() != null) {
      proto.setPriority(trigger.priority());
    }
    if (trigger.parentWorkflowRunId() != null) {
      proto.setParentId(trigger.parentWorkflowRunId());
    }
    if (trigger.parentTaskRunId() != null) {
      proto.setParentTaskRunExternalId(trigger.parentTaskRunId());
    }
    if (trigger.childIndex() != null) {
      proto.setChildIndex(trigger.childIndex());
    }
    if (trigger.childKey() != null) {
      proto.setChildKey(trigger.childKey());
    }
    if (trigger.desiredWorkerId() != null) {
      proto.setDesiredWorkerId(trigger.desiredWorkerId());
    }
    trigger.desiredWorkerLabels().forEach((key, label) -> proto.putDesiredWorkerLabels(key, toProto(label)));
    return proto.build();
  }

  static DesiredWorkerLabels toProto(DesiredWorkerLabel label) {
    DesiredWorkerLabels.Builder proto =
        DesiredWorkerLabels.newBuilder()
            .setRequired(label.required())
            .setComparator(WorkerLabelComparator.valueOf(label.comparator().name()))
            .setWeight(label.weight());
    if (label.stringValue() != null) {
      proto.setStrValue(label.stringValue());
    } else {
      proto.setIntValue(label.intValue());
    }
    return proto.build();
  }

  /** A reference to run {@code runId} whose result converts as {@code workflow}'s does. */
  public <O> RunRef<O> runRef(String runId, Workflow<?, O> workflow) {
    return new RealRunRef<>(runId, () -> result(runId, workflow), runs);
  }

  /** The runs feature client, which run references use for status, details, cancel and replay. */
  public RestRuns runs() {
    return runs;
  }

  private <O> CompletableFuture<O> result(String runId, Workflow<?, O> workflow) {
    return runListener.await(runId).thenApplyAsync(event -> convert(event, workflow), callbacks);
  }

  private <O> O convert(WorkflowRunEvent event, Workflow<?, O> workflow) {
    String runId = event.getWorkflowRunId();
    Map<String, String> errors = new LinkedHashMap<>();
    Map<String, JsonNode> outputs = new LinkedHashMap<>();
    for (StepRunResult result : event.getResultsList()) {
      if (result.hasError()) {
        errors.put(result.getTaskName(), result.getError());
      } else if (result.hasOutput()) {
        try {
          outputs.put(result.getTaskName(), Json.parse(result.getOutput()));
        } catch (JsonProcessingException e) {
          throw new HatchetException("task " + result.getTaskName() + " of run " + runId + " has an output that is not JSON", e);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw isCancelled(runId) ? new RunCancelledException(runId, errors) : new RunFailedException(runId, errors);
    }
    return toResult(runId, outputs, workflow);
  }

  private boolean isCancelled(String runId) {
    // The finished event does not say whether a run failed or was cancelled; the run's details do.
    // A read: sent again freely while the engine is unreachable.
    try {
      GetRunDetailsRequest request = GetRunDetailsRequest.newBuilder().setExternalId(runId).build();
      return retrier.call("reading run " + runId, Retrier.Replay.ALWAYS, () -> connection.admin().getRunDetails(request))
              .getStatus()
          == RunStatus.CANCELLED;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  /** A run's result from its task outputs by task name: the one output of a single-task run. */
  @SuppressWarnings("unchecked")
  <O> O toResult(String runId, Map<String, JsonNode> outputs, Workflow<?, O> workflow) {
    Class<O> type = workflow.resultType();
    if (type == WorkflowResult.class) {
      return (O) new RealWorkflowResult(outputs, mapper);
    }
    JsonNode tree;
    if (outputs.size() == 1) {
      tree = outputs.values().iterator().next();
    } else {
      ObjectNode all = mapper.createObjectNode();
      outputs.forEach(all::set);
      tree = all;
    }
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new HatchetException(
          "result of run " + runId + " cannot be read as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends one unary call through the retrier and turns its failure into the SDK's exceptions.
   *
   * @see Retrier#call(String, Retrier.Replay, ThrowingSupplier)
   */
  public <T> T unary(String operation, Retrier.Replay replay, ThrowingSupplier<T> body) {
    return call(operation, () -> retrier.call(operation, replay, body));
  }

  /** Runs a call, turning gRPC and checked failures into the SDK's exceptions. */
  public static <T> T call(String operation, ThrowingSupplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw GrpcErrors.translate(e, operation);
    } catch (Exception e) {
      throw new HatchetException(operation + " failed: " + e.getMessage(), e);
    }
  }

  /** A call that may throw anything. */
  @FunctionalInterface
  public interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  /** Stops listening and releases the connection, waiting up to {@code timeout}. */
  public void close(Duration timeout) {
    interceptors.each(interceptor -> {
      try {
        interceptor.onClientShutdown();
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(ClientRuntime.class).warn("interceptor {} failed to shut down", interceptor, e);
      }
    });
    retrier.close();
    runListener.close();
    callbacks.shutdown();
    scheduler.shutdownNow();
    connection.close(timeout);
    try {
      callbacks.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
