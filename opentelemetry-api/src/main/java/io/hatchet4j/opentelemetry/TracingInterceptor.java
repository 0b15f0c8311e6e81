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
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : triggers.run(active, chain);
  }

  @Override
  public List<String> runWorkflows(Chain<List<WorkflowTrigger>, List<String>> chain) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : triggers.runMany(active, chain);
  }

  @Override
  public List<String> scheduleWorkflow(Chain<WorkflowSchedule, List<String>> chain) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : triggers.schedule(active, chain);
  }

  @Override
  public String pushEvent(Chain<EventPush, String> chain) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : triggers.push(active, chain);
  }

  @Override
  public List<String> bulkPushEvent(Chain<List<EventPush>, List<String>> chain) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : triggers.pushMany(active, chain);
  }

  @Override
  public Object executeTask(Chain<TaskRun, Object> chain) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : tasks.execute(active, chain);
  }

  @Override
  public Void cancelTask(Chain<TaskCancellation, Void> chain) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : tasks.cancel(active, chain);
  }

  @Override
  public JsonNode durableWaitFor(Chain<DurableWait, JsonNode> chain) throws Exception {
    Tracer active = source.tracer();
    return active == null ? chain.proceed(chain.request()) : tasks.waitFor(active, chain);
  }

  @Override
  public String toString() {
    return "HatchetTelemetry interceptor";
  }
}
