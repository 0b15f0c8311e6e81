package io.hatchet4j.internal;

import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.hatchet4j.workflow.Workflow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Triggers that return at once with a future. The trigger (its input, and the parent task when
 * called from one) is captured on the caller's thread; the call to the engine, through the
 * interceptors and the retrier, runs on a virtual thread (Java 21+) or a pooled daemon thread, and
 * the result arrives on the client's run-event stream without any thread waiting. Not public API.
 */
public final class AsyncTriggers {
  private final ClientRuntime runtime;
  private final Executor senders;

  public AsyncTriggers(ClientRuntime runtime) {
    this.runtime = runtime;
    this.senders =
        VirtualThreads.available()
            ? perTask(VirtualThreads.named("hatchet-trigger"))
            : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.named("hatchet-trigger"));
  }

  private static Executor perTask(java.util.concurrent.ThreadFactory factory) {
    return runnable -> factory.newThread(runnable).start();
  }

  /** Starts a run; completes with its reference once the engine accepted it. */
  public <I, O> CompletableFuture<RunRef<O>> runNoWait(Workflow<I, O> workflow, I input, TriggerOptions options) {
    WorkflowTrigger trigger;
    try {
      trigger = runtime.newTrigger(workflow, input, options);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> runtime.runRef(runtime.trigger(trigger), workflow), senders);
  }

  /** Starts a run; completes with its result. */
  public <I, O> CompletableFuture<O> run(Workflow<I, O> workflow, I input, TriggerOptions options) {
    return runNoWait(workflow, input, options).thenCompose(RunRef::result);
  }
}
