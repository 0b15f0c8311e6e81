package io.hatchet4j.opentelemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.interceptor.Chain;
import io.hatchet4j.interceptor.DurableWait;
import io.hatchet4j.interceptor.EventPush;
import io.hatchet4j.interceptor.HatchetInterceptor;
import io.hatchet4j.interceptor.TaskCancellation;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.interceptor.WorkflowSchedule;
import io.hatchet4j.interceptor.WorkflowTrigger;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;

/**
 * The hooks that make Hatchet's spans, metrics and log records, for the tracer its source gives
 * now; a call the source gives no tracer for passes through untouched.
 */
final class TracingInterceptor implements HatchetInterceptor {

  /** Where spans go now; null when calls are not to be traced. */
  @FunctionalInterface
  interface TracerSource {
    Tracer tracer();
  }

  private final TracerSource source;
  private final TaskSpans tasks;
  private final TriggerSpans triggers;

  TracingInterceptor(Instrumentation instrumentation, TracerSource source) {
    this.source = source;
    this.tasks = new TaskSpans(instrumentation);
    this.triggers = new TriggerSpans(instrumentation);
  }

  /** The client's namespace, recorded on spans and removed from the names they record. */
  void setNamespace(String namespace) {
    triggers.setNamespace(namespace);
  }

  @Override
  public void onClientStart(HatchetConfig config) {
    setNamespace(config.namespace());
  }

  @Override
  public String runWorkflow(Chain<WorkflowTrigger, String> chain) throws Exception {
    return traced(chain, triggers::run);
  }

  @Override
  public List<String> runWorkflows(Chain<List<WorkflowTrigger>, List<String>> chain) throws Exception {
    return traced(chain, triggers::runMany);
  }

  @Override
  public List<String> scheduleWorkflow(Chain<WorkflowSchedule, List<String>> chain) throws Exception {
    return traced(chain, triggers::schedule);
  }

  @Override
  public String pushEvent(Chain<EventPush, String> chain) throws Exception {
    return traced(chain, triggers::push);
  }

  @Override
  public List<String> bulkPushEvent(Chain<List<EventPush>, List<String>> chain) throws Exception {
    return traced(chain, triggers::pushMany);
  }

  @Override
  public Object executeTask(Chain<TaskRun, Object> chain) throws Exception {
    return traced(chain, tasks::execute);
  }

  @Override
  public Void cancelTask(Chain<TaskCancellation, Void> chain) throws Exception {
    return traced(chain, tasks::cancel);
  }

  @Override
  public JsonNode durableWaitFor(Chain<DurableWait, JsonNode> chain) throws Exception {
    return traced(chain, tasks::waitFor);
  }

  @Override
  public String toString() {
    return "HatchetTelemetry interceptor";
  }

  /** One traced operation: the spans around {@code chain} with the active tracer. */
  @FunctionalInterface
  private interface Traced<Q, R> {
    R call(Tracer tracer, Chain<Q, R> chain) throws Exception;
  }

  /** Runs {@code operation} with the active tracer, or passes the call through while none is active. */
  private <Q, R> R traced(Chain<Q, R> chain, Traced<Q, R> operation) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : operation.call(active, chain);
  }
}
