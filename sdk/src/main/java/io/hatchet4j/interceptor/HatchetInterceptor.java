package io.hatchet4j.interceptor;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.HatchetConfig;
import java.util.List;

/**
 * Wraps what the SDK does on the wire and on the worker, for tracing, metrics, logging or policy.
 *
 * <p>Every method passes its call through unchanged by default, so an implementation overrides
 * only what it needs. Interceptors are installed on the client with {@link
 * io.hatchet4j.Hatchet.Builder#addInterceptor} and apply to the client and every worker it
 * creates; the first added is the outermost. With no interceptor installed the SDK calls itself
 * directly.
 *
 * <p>Client-side methods run on the caller's thread; {@link #executeTask} runs on the thread that
 * runs the task, around the handler, so context it makes current (an OpenTelemetry span, an MDC
 * entry) is visible to the task's code. Implementations must be thread-safe.
 *
 * <pre>{@code
 * class Timing implements HatchetInterceptor {
 *   public Object executeTask(Chain<TaskRun, Object> chain) throws Exception {
 *     long start = System.nanoTime();
 *     try {
 *       return chain.proceed(chain.request());
 *     } finally {
 *       log.info("{} took {} µs", chain.request().action().actionId(), (System.nanoTime() - start) / 1000);
 *     }
 *   }
 * }
 * }</pre>
 */
public interface HatchetInterceptor {

  /**
   * Called once when a client with this interceptor is built, before any call goes through it, with
   * the client's configuration (for example to export telemetry to the same engine).
   */
  default void onClientStart(HatchetConfig config) {}

  /** Called when that client shuts down, after its workers stopped; must not block for long. */
  default void onClientShutdown() {}

  /** Around triggering one workflow run; returns the new run's id. */
  default String runWorkflow(Chain<WorkflowTrigger, String> chain) throws Exception {
    return chain.proceed(chain.request());
  }

  /** Around triggering many runs in one call; returns their ids in request order. */
  default List<String> runWorkflows(Chain<List<WorkflowTrigger>, List<String>> chain)
      throws Exception {
    return chain.proceed(chain.request());
  }

  /** Around scheduling runs for later; returns the ids of the scheduled runs, one per instant. */
  default List<String> scheduleWorkflow(Chain<WorkflowSchedule, List<String>> chain) throws Exception {
    return chain.proceed(chain.request());
  }

  /** Around pushing one event; returns the event's id. */
  default String pushEvent(Chain<EventPush, String> chain) throws Exception {
    return chain.proceed(chain.request());
  }

  /** Around pushing many events in one call; returns their ids in request order. */
  default List<String> bulkPushEvent(Chain<List<EventPush>, List<String>> chain) throws Exception {
    return chain.proceed(chain.request());
  }

  /**
   * Around one attempt of a task on a worker; returns the task's output (before serialization).
   *
   * <p>Throwing fails the attempt. When the run is cancelled while this runs, whatever it returns
   * or throws is discarded.
   */
  default Object executeTask(Chain<TaskRun, Object> chain) throws Exception {
    return chain.proceed(chain.request());
  }

  /**
   * Around a durable task's wait, on the task's thread; returns what satisfied the wait, as the
   * engine reported it.
   */
  default JsonNode durableWaitFor(Chain<DurableWait, JsonNode> chain) throws Exception {
    return chain.proceed(chain.request());
  }

  /** Around the worker's handling of the engine's cancellation of a running task. */
  default Void cancelTask(Chain<TaskCancellation, Void> chain) throws Exception {
    return chain.proceed(chain.request());
  }
}
