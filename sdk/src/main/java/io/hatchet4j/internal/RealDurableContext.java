package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.HatchetException;
import io.hatchet4j.RunFailedException;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.proto.v1.DurableTaskEventMemoAckResponse;
import io.hatchet4j.proto.v1.DurableTaskRunAckEntry;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.DurableContext;
import io.hatchet4j.workflow.WaitResult;
import io.hatchet4j.workflow.Workflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The context of a durable task attempt: waits go through the worker's durable stream. Not public API. */
final class RealDurableContext extends RealTaskContext implements DurableContext {
  private final DurableListener listener;
  private final int invocation;
  private final Runnable enteringWait;
  private final Duration evictionTtl; // null: never evicted
  private final Runnable stopLocally;
  /** The user's key of the memo behind {@link #now()}. */
  private static final String NOW_KEY = "hatchet4j:now";

  private final AtomicInteger waits = new AtomicInteger();
  private volatile boolean waiting;

  RealDurableContext(
      ActionInfo action,
      String workflowName,
      Map<String, JsonNode> parentOutputs,
      ClientRuntime runtime,
      Runnable onSlotReleased,
      DurableListener listener,
      int invocation,
      Runnable enteringWait,
      Duration evictionTtl,
      Runnable stopLocally) {
    super(action, workflowName, parentOutputs, runtime, onSlotReleased);
    this.listener = listener;
    this.invocation = invocation;
    this.enteringWait = enteringWait;
    this.evictionTtl = evictionTtl;
    this.stopLocally = stopLocally;
  }

  /** Whether the task is blocked in a durable wait, and so can be handed back at no loss. */
  boolean isWaiting() {
    return waiting;
  }

  @Override
  public WaitResult sleepFor(Duration duration) throws InterruptedException {
    Condition sleep = Condition.sleep(duration);
    return await(Conditions.readableKey(sleep) + "-" + waits.getAndIncrement(), List.of(sleep));
  }

  @Override
  public WaitResult waitFor(Condition... conditions) throws InterruptedException {
    if (conditions.length == 0) {
      throw new IllegalArgumentException("a durable wait needs at least one condition");
    }
    return await("wait-" + waits.getAndIncrement(), List.of(conditions));
  }

  @Override
  public <P> P waitForEvent(String eventKey, Class<P> payloadType) throws InterruptedException {
    Condition event = Condition.userEvent(eventKey);
    return await("event:" + eventKey + "-" + waits.getAndIncrement(), List.of(event))
        .eventPayload(eventKey, payloadType)
        .orElseThrow(() -> new HatchetException("the engine ended the wait for " + eventKey + " without the event"));
  }

  private WaitResult await(String signalKey, List<Condition> conditions) throws InterruptedException {
    DurableWait wait = new DurableWait(action(), signalKey, conditions);
    try {
      JsonNode result = runtime().interceptors().invoke(HatchetInterceptor::durableWaitFor, this::send, wait);
      return new RealWaitResult(result, runtime().mapper());
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new HatchetException("durable wait " + signalKey + " failed: " + e.getMessage(), e);
    }
  }

  private JsonNode send(DurableWait wait) throws InterruptedException {
    return awaitEntry(() -> listener.waitFor(
        action().taskRunId(), invocation, Conditions.toProto(wait.conditions(), runtime().config()), null));
  }

  /**
   * Blocks on an entry of the event log. The task counts as waiting meanwhile, so a stopping
   * worker hands it back at no loss: the engine keeps the entry.
   */
  private JsonNode awaitEntry(Supplier<CompletableFuture<JsonNode>> entry) throws InterruptedException {
    // Marked before the worker is told, so a worker that is stopping either sees the flag or
    // hears from us: either way it hands the task back instead of waiting for the wait to end.
    waiting = true;
    enteringWait.run();
    if (Thread.interrupted()) {
      waiting = false;
      throw new InterruptedException("the worker is stopping; the engine resumes this wait elsewhere");
    }
    CompletableFuture<JsonNode> result = entry.get();
    ScheduledFuture<?> eviction = evictionTtl == null ? null
        : runtime().scheduler().schedule(() -> evict(result), evictionTtl.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      result.cancel(false);
      throw e;
    } finally {
      waiting = false;
      if (eviction != null) {
        eviction.cancel(false);
      }
    }
  }

  /** The wait outlived the task's eviction TTL: the engine takes the task back, and this attempt stops. */
  private void evict(CompletableFuture<JsonNode> wait) {
    if (wait.isDone() || !waiting) {
      return;
    }
    try {
      listener.evict(action().taskRunId(), invocation, "waited longer than its eviction TTL of " + evictionTtl);
    } catch (RuntimeException e) {
      return; // not connected: the task keeps waiting here
    }
    stopLocally.run();
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    return cause instanceof RuntimeException ? (RuntimeException) cause : new HatchetException("durable request failed", cause);
  }

  private static <T> T ack(CompletableFuture<T> ack) throws InterruptedException {
    try {
      return ack.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  @Override
  public WaitResult sleepUntil(Instant wakeAt) throws InterruptedException {
    Instant now = now();
    Duration left = Duration.between(now, wakeAt);
    if (left.isNegative() || left.isZero()) {
      // Decided on the memoized time, so every replay decides the same.
      return new RealWaitResult(runtime().mapper().createObjectNode(), runtime().mapper());
    }
    // Sleeps are whole seconds on the wire: round up, so the task never wakes early.
    long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    return sleepFor(Duration.ofSeconds(seconds));
  }

  @Override
  public Instant now() throws InterruptedException {
    return memo(NOW_KEY, Instant.class, Instant::now);
  }

  @Override
  public <T> T memo(String key, Class<T> type, Supplier<? extends T> compute) throws InterruptedException {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(compute, "compute");
    byte[] memoKey = memoKey(action().taskRunId(), key);
    DurableTaskEventMemoAckResponse ack = ack(listener.memo(action().taskRunId(), invocation, memoKey));
    ObjectMapper mapper = runtime().mapper();
    if (ack.getMemoAlreadyExisted() && ack.hasMemoResultPayload() && !ack.getMemoResultPayload().isEmpty()) {
      try {
        return mapper.readValue(ack.getMemoResultPayload().toByteArray(), type);
      } catch (IOException e) {
        throw new HatchetException("memo " + key + " of task run " + action().taskRunId()
            + " holds a value that cannot be read as " + type.getName() + ": " + e.getMessage(), e);
      }
    }
    T value = compute.get();
    byte[] payload;
    try {
      payload = mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new HatchetException("memo " + key + ": the value cannot be written as JSON: " + e.getMessage(), e);
    }
    listener.completeMemo(ack.getRef(), memoKey, payload);
    return value;
  }

  /** The key of a memo in the engine's log: SHA-256 of the task run id and the user's key, as the SDKs hash theirs. */
  static byte[] memoKey(String taskRunId, String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(taskRunId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(key.getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Spawns the child through the task's event log and waits for it there: a replay gets the child
   * it spawned before (and its result, if it has finished) instead of a new one, and the task can
   * be handed back while it waits.
   */
  @Override
  public <I, O> O runChild(Workflow<I, O> workflow, I input, TriggerOptions options) {
    WorkflowTrigger trigger = runtime().newTrigger(workflow, input, options, this);
    DurableTaskRunAckEntry[] spawned = new DurableTaskRunAckEntry[1];
    String runId = ClientRuntime.call("spawning " + trigger.workflowName() + " durably", () -> runtime().interceptors().invoke(
        HatchetInterceptor::runWorkflow,
        t -> {
          List<DurableTaskRunAckEntry> entries =
              ack(listener.triggerRuns(action().taskRunId(), invocation, List.of(ClientRuntime.toProto(t))));
          if (entries.size() != 1) {
            throw new HatchetException("the engine acknowledged " + entries.size() + " children for one spawn");
          }
          spawned[0] = entries.get(0);
          return spawned[0].getWorkflowRunExternalId();
        },
        trigger));
    JsonNode outputs;
    try {
      outputs = awaitEntry(() -> listener.awaitEntry(
          action().taskRunId(), invocation, spawned[0].getBranchId(), spawned[0].getNodeId()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HatchetException("interrupted while waiting for child run " + runId, e);
    } catch (DurableListener.EntryFailed e) {
      throw new RunFailedException(runId, Map.of(workflow.name(), e.error()));
    }
    Map<String, JsonNode> byTask = new LinkedHashMap<>();
    outputs.properties().forEach(entry -> byTask.put(entry.getKey(), entry.getValue()));
    return runtime().toResult(runId, byTask, workflow);
  }
}
