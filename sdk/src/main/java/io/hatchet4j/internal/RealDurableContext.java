package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.HatchetException;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.DurableContext;
import io.hatchet4j.workflow.WaitResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** The context of a durable task attempt: waits go through the worker's durable stream. Not public API. */
final class RealDurableContext extends RealTaskContext implements DurableContext {
  private final DurableListener listener;
  private final int invocation;
  private final Runnable enteringWait;
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
      Runnable enteringWait) {
    super(action, workflowName, parentOutputs, runtime, onSlotReleased);
    this.listener = listener;
    this.invocation = invocation;
    this.enteringWait = enteringWait;
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
    // Marked before the worker is told, so a worker that is stopping either sees the flag or
    // hears from us: either way it hands the task back instead of waiting for the wait to end.
    waiting = true;
    enteringWait.run();
    if (Thread.interrupted()) {
      waiting = false;
      throw new InterruptedException("the worker is stopping; the engine resumes this wait elsewhere");
    }
    CompletableFuture<JsonNode> result =
        listener.waitFor(action().taskRunId(), invocation, Conditions.toProto(wait.conditions(), runtime().config()), null);
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException ? (RuntimeException) cause : new HatchetException("durable wait failed", cause);
    } catch (InterruptedException e) {
      result.cancel(false);
      throw e;
    } finally {
      waiting = false;
    }
  }
}
